package io.c2intents.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.c2intents.events.C2Alert;
import io.c2intents.events.ContractViolation;
import io.c2intents.events.Contracts;
import io.c2intents.events.SecurityIntent;
import io.c2intents.events.Topics;
import io.c2intents.hubble.json.FlowLine;
import io.c2intents.hubble.json.FlowLines;
import io.c2intents.hubble.json.HubbleJsonException;
import io.c2intents.lab.cilium.CiliumCrds;
import io.c2intents.lab.cilium.CiliumPolicyValidator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The two steps of {@code scripts/replay.sh} that talk to Kafka: declaring the dry-run intent before the mitigation
 * service starts ({@code intent}), and, once the observer replays a capture, reporting what came of it
 * ({@code report}): every alert, and every CiliumNetworkPolicy the dry-run would apply, validated against Cilium's
 * CRD schema as an API server would. The report waits for the capture's flows to be on {@code hubble-flows}, then
 * for alerts and mitigation events to settle; it writes a JSON summary and exits 1 when a policy is invalid.
 *
 * <pre>java -cp … io.c2intents.scenario.ReplayReport intent --bootstrap 127.0.0.1:19092 [--name replay-dry-run]
 * java -cp … io.c2intents.scenario.ReplayReport report --bootstrap 127.0.0.1:19092 --capture flows.jsonl
 *     [--cilium-crds dir] [--summary summary.json] [--timeout 120] [--quiet 8]</pre>
 */
public final class ReplayReport {

    static final String INTENT_NAME = "replay-dry-run";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String CNP_KIND = "CiliumNetworkPolicy";
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

    private final PrintStream out = System.out;
    private final Map<String, String> options;

    private ReplayReport(Map<String, String> options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !(args[0].equals("intent") || args[0].equals("report"))) {
            System.err.println("usage: ReplayReport intent|report --bootstrap host:port [options]");
            System.exit(2);
        }
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                System.err.println("replay: bad argument " + args[i]);
                System.exit(2);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        ReplayReport replay = new ReplayReport(options);
        int rc = args[0].equals("intent") ? replay.declareIntent() : replay.report();
        System.exit(rc);
    }

    private String option(String name, String fallback) {
        String value = options.getOrDefault(name, fallback);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    /** The shipped example intent, renamed and in dry-run mode, validated by its contract before it is sent. */
    private int declareIntent() throws Exception {
        String name = option("name", INTENT_NAME);
        ObjectNode intent = (ObjectNode) JSON.readTree(Contracts.SECURITY_INTENT.example().orElseThrow());
        intent.put("name", name);
        intent.put("mode", "dry-run");
        intent.put("description", "Replay of a Hubble capture: plans what would be done, changes nothing.");
        // an indicator match in a capture may be any protocol (T1071 over TCP, T1095 over ICMP): trigger on all
        ((ObjectNode) intent.path("trigger")).putArray("attackTechniques");
        // the question a replay answers is which quarantine policies would be applied; eradication needs the
        // pod's files, which a capture does not have
        intent.put("goal", "contain");
        intent.putArray("techniques").add("D3-NTF");
        SecurityIntent checked = Contracts.SECURITY_INTENT.read(intent);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, option("bootstrap", null));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.SECURITY_INTENTS, name,
                    Contracts.SECURITY_INTENT.write(checked))).get();
        }
        out.println("replay: declared dry-run intent " + name + " on " + Topics.SECURITY_INTENTS);
        return 0;
    }

    private int report() throws Exception {
        Path capture = Path.of(option("capture", null));
        Duration timeout = Duration.ofSeconds(Long.parseLong(option("timeout", "120")));
        Duration quiet = Duration.ofSeconds(Long.parseLong(option("quiet", "8")));
        Optional<Path> crdDir = Optional.ofNullable(options.get("cilium-crds")).map(Path::of);
        CiliumPolicyValidator validator = null;
        if (crdDir.isPresent() && Files.isRegularFile(crdDir.get().resolve(CiliumCrds.CNP + ".yaml"))) {
            validator = new CiliumPolicyValidator(CiliumCrds.load(crdDir));
        } else {
            out.println("replay: Cilium CRDs not found (" + crdDir.map(Path::toString).orElse("no --cilium-crds")
                    + "): policies are printed but NOT schema-validated");
        }
        long expectedFlows = countFlows(capture);
        out.printf("replay: %s holds %d flow lines; waiting for them on %s%n", capture, expectedFlows,
                Topics.HUBBLE_FLOWS);

        Map<String, C2Alert> alerts = new LinkedHashMap<>();
        Map<String, JsonNode> policies = new LinkedHashMap<>();
        List<String> otherEvents = new ArrayList<>();
        long flows = 0;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, option("bootstrap", null));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "replay-report-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Instant start = Instant.now();
        Instant deadline = start.plus(timeout);
        boolean flowsIn = false;
        boolean timedOut = false;
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(Topics.HUBBLE_FLOWS, Topics.C2_ALERTS, Topics.MITIGATION_EVENTS)) {
                consumer.partitionsFor(topic, Duration.ofSeconds(30))
                        .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Instant lastNews = Instant.now();
            Instant nextProgress = Instant.now().plus(PROGRESS_EVERY);
            while (true) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    switch (record.topic()) {
                        case Topics.HUBBLE_FLOWS -> flows++;
                        case Topics.C2_ALERTS -> {
                            lastNews = Instant.now();
                            alert(record, alerts);
                        }
                        default -> {
                            lastNews = Instant.now();
                            mitigationEvent(record, policies, otherEvents);
                        }
                    }
                }
                Instant now = Instant.now();
                if (!flowsIn && flows >= expectedFlows) {
                    flowsIn = true;
                    lastNews = now;
                    out.printf("replay: %d flows on %s after %d s; waiting until alerts and mitigation events "
                            + "are quiet for %d s%n", flows, Topics.HUBBLE_FLOWS,
                            Duration.between(start, now).toSeconds(), quiet.toSeconds());
                }
                if (flowsIn && Duration.between(lastNews, now).compareTo(quiet) >= 0) {
                    break;
                }
                if (now.isAfter(deadline)) {
                    timedOut = true;
                    out.printf("replay: TIMEOUT after %d s (%d of %d flows seen, %d alerts, %d policies)%n",
                            timeout.toSeconds(), flows, expectedFlows, alerts.size(), policies.size());
                    break;
                }
                if (now.isAfter(nextProgress)) {
                    nextProgress = now.plus(PROGRESS_EVERY);
                    out.printf("replay:   ... %d s: %d/%d flows, %d alerts, %d policies%n",
                            Duration.between(start, now).toSeconds(), flows, expectedFlows, alerts.size(),
                            policies.size());
                }
            }
        }
        return print(capture, expectedFlows, flows, alerts, policies, otherEvents, validator, timedOut);
    }

    private void alert(ConsumerRecord<String, String> record, Map<String, C2Alert> alerts) {
        try {
            C2Alert alert = Contracts.C2_ALERT.read(record.value());
            C2Alert known = alerts.get(alert.id());
            if (known == null || known.revision() <= alert.revision()) {
                alerts.put(alert.id(), alert);
            }
        } catch (ContractViolation e) {
            out.println("replay: unreadable alert (key " + record.key() + "): " + e.getMessage());
        }
    }

    private void mitigationEvent(ConsumerRecord<String, String> record, Map<String, JsonNode> policies,
            List<String> otherEvents) {
        JsonNode event;
        try {
            event = JSON.readTree(record.value());
        } catch (IOException e) {
            out.println("replay: unreadable mitigation event (key " + record.key() + "): " + e.getMessage());
            return;
        }
        otherEvents.add(eventLine(event));
        for (JsonNode object : event.path("objects")) {
            if (CNP_KIND.equals(object.path("kind").asText()) && object.hasNonNull("yaml")) {
                policies.putIfAbsent(object.path("yaml").asText(), event);
            }
        }
    }

    /**
     * A mitigation event as the report lists it: status, what it was about (the pod as {@code namespace/name}, like
     * the alert lines; a workload or node by kind) and the reason.
     */
    static String eventLine(JsonNode event) {
        JsonNode target = event.path("target");
        String ns = target.path("namespace").asText("");
        String name = target.path("name").asText("");
        String about = name.isEmpty() ? "(no target)"
                : switch (target.path("kind").asText("pod")) {
                    case "node" -> "node " + name;
                    case "workload" -> "workload " + (ns.isEmpty() ? "" : ns + "/") + name;
                    default -> (ns.isEmpty() ? "" : ns + "/") + name;
                };
        return event.path("status").asText() + " " + about + ": " + event.path("reason").asText();
    }

    private int print(Path capture, long expectedFlows, long flows, Map<String, C2Alert> alerts,
            Map<String, JsonNode> policies, List<String> events, CiliumPolicyValidator validator, boolean timedOut)
            throws IOException {
        out.println();
        out.printf("== %d alert(s) ==%n", alerts.size());
        for (C2Alert a : alerts.values()) {
            out.printf("  %s -> %s  %s score %.2f, %d flow(s): %s%n", a.pod().key(), a.destination(),
                    a.detector(), a.score(), a.count(), a.reason());
        }
        out.printf("%n== %d mitigation event(s) ==%n", events.size());
        events.forEach(e -> out.println("  " + e));
        out.printf("%n== %d CiliumNetworkPolicy(ies) the dry-run would apply ==%n", policies.size());
        int valid = 0;
        int invalid = 0;
        ArrayNode policySummary = JSON.createArrayNode();
        for (Map.Entry<String, JsonNode> entry : policies.entrySet()) {
            String yaml = entry.getKey();
            out.println("---");
            out.print(yaml.endsWith("\n") ? yaml : yaml + "\n");
            List<String> problems = new ArrayList<>();
            try {
                JsonNode object = YAML.readTree(yaml);
                if (validator != null) {
                    validator.validate(CiliumCrds.CNP, object)
                            .forEach(c -> problems.add(c.field() + ": " + c.message()));
                }
            } catch (IOException e) {
                problems.add("not YAML: " + e.getMessage());
            }
            String verdict = validator == null && problems.isEmpty() ? "not validated (no CRDs)"
                    : problems.isEmpty() ? "schema-valid" : "INVALID: " + String.join("; ", problems);
            out.println("# " + verdict);
            if (problems.isEmpty()) {
                valid++;
            } else {
                invalid++;
            }
            ObjectNode p = policySummary.addObject();
            p.put("incident", entry.getValue().path("incidentId").asText());
            p.put("valid", problems.isEmpty());
            p.putPOJO("problems", problems);
        }
        ObjectNode summary = JSON.createObjectNode();
        summary.put("capture", capture.toString());
        summary.put("expectedFlows", expectedFlows);
        summary.put("flows", flows);
        summary.put("timedOut", timedOut);
        summary.put("validated", validator != null);
        ArrayNode alertArray = summary.putArray("alerts");
        Set<String> pods = new LinkedHashSet<>();
        for (C2Alert a : alerts.values()) {
            ObjectNode node = alertArray.addObject();
            node.put("pod", a.pod().key());
            node.put("destination", a.destination());
            node.put("detector", a.detector().name());
            node.put("score", a.score());
            node.put("count", a.count());
            pods.add(a.pod().key());
        }
        ObjectNode policyCounts = summary.putObject("policies");
        policyCounts.put("count", policies.size());
        policyCounts.put("valid", valid);
        policyCounts.put("invalid", invalid);
        policyCounts.set("items", policySummary);
        out.printf("%n== summary: %d/%d flows, %d alert(s) on %s, %d policy(ies): %d schema-valid, %d invalid%s ==%n",
                flows, expectedFlows, alerts.size(), pods, policies.size(), valid, invalid,
                timedOut ? ", TIMED OUT" : "");
        String file = options.get("summary");
        if (file != null) {
            Files.writeString(Path.of(file), JSON.writeValueAsString(summary), StandardCharsets.UTF_8);
        }
        return invalid == 0 && !timedOut ? 0 : 1;
    }

    /** Lines the observer publishes: Hubble flows (other events such as node_status are not flows). */
    static long countFlows(Path capture) throws IOException {
        try (Stream<String> lines = Files.lines(capture, StandardCharsets.UTF_8)) {
            return lines.filter(l -> !l.isBlank()).filter(ReplayReport::isFlow).count();
        }
    }

    private static boolean isFlow(String line) {
        try {
            FlowLine flow = FlowLines.read(line);
            return flow.isFlow();
        } catch (HubbleJsonException e) {
            return false;
        }
    }
}
