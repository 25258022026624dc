package io.c2intents.observer.detector.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.c2intents.events.C2Alert;
import io.c2intents.events.Contracts;
import io.c2intents.events.Topics;
import io.c2intents.hubble.json.FlowLines;
import io.c2intents.hubble.json.FlowSummary;
import io.c2intents.hubble.json.HubbleTime;
import io.c2intents.observer.detector.AlertLedger;
import io.c2intents.observer.detector.DetectorSettings;
import io.c2intents.observer.detector.FlowDetector;
import io.c2intents.observer.detector.PartitionDetector;
import io.c2intents.testsupport.EmbeddedKafkaBroker;
import io.c2intents.testsupport.TopicProvisioner;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Throughput of the detector: a Hubble JSON file replayed into Kafka and run through the detector, beside a raw
 * Kafka produce + consume of the same records, in the same JVM and run, on the in-JVM broker from test-support.
 * Not a test: run it with {@code scripts/bench-detector.sh} (results go to docs/benchmarks.md by hand).
 *
 * <p>The file: the real captures of shared/data/hubble-flows (namespaces rotated over 64 copies, times shifted per
 * repetition) interleaved with the reference scenario as the lab produces it (8 pods pinging 8.8.8.8 every 5 s, one
 * infected pod doing {@code ping -c5 1.1.1.1} every minute), so all three detectors work and alerts are published.
 *
 * <p>Each pipeline runs a producer thread (the detector one reads the file and keys each line with hubble-api's
 * FlowLines, as the observer's file source does; the raw one sends the same key/value pairs from memory) and one
 * consumer thread (the raw one only counts; the detector one parses each record, evaluates it on its partition's
 * state and publishes the alerts to {@code c2-alerts} with the contract's validation). Throughput = records / time
 * from the first send to the last record consumed. The Quarkus/SmallRye wrapper is left out on purpose: it adds a
 * per-message overhead that belongs to the framework, not the detector.
 *
 * <p>Arguments: {@code [flows per run (default 400000)] [rounds (default 3)]}.
 */
public final class DetectorBenchmark {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int PARTITIONS = Topics.DEFAULT_PARTITIONS;

    private DetectorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int flows = args.length > 0 ? Integer.parseInt(args[0]) : 400_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path captures = Path.of(System.getProperty("shared.data.dir", "../shared/data"), "hubble-flows");
        if (!Files.isDirectory(captures)) {
            throw new IllegalStateException("captures not found at " + captures + " (set -Dshared.data.dir)");
        }
        Path work = Files.createTempDirectory("detector-bench-");
        Path file = work.resolve("replay.jsonl");
        int written = writeReplayFile(captures, file, flows);
        System.out.printf(Locale.ROOT, "replay file: %s, %d lines, %.1f MB%n", file, written,
                Files.size(file) / 1e6);
        List<String[]> records = readKeyed(file);

        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(work.resolve("kafka"), 0, 0);
        try {
            String bootstrap = broker.bootstrapServers();
            TopicProvisioner.provision(bootstrap, PARTITIONS);
            System.out.printf(Locale.ROOT, "broker %s; load average at start %.2f%n", bootstrap, load());
            // warm-up: JIT for both paths
            run("warm-up raw", bootstrap, records.subList(0, Math.min(50_000, records.size())), null);
            run("warm-up detector", bootstrap, records.subList(0, Math.min(50_000, records.size())), file);
            core(records);
            core(records);
            List<Double> raw = new ArrayList<>();
            List<Double> detector = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                raw.add(run("raw #" + round, bootstrap, records, null));
                detector.add(run("detector #" + round, bootstrap, records, file));
            }
            double rawBest = raw.stream().max(Double::compare).orElseThrow();
            double detBest = detector.stream().max(Double::compare).orElseThrow();
            double rawMedian = median(raw);
            double detMedian = median(detector);
            System.out.printf(Locale.ROOT, "%nRESULT flows=%d rounds=%d raw median %.0f/s best %.0f/s | detector "
                    + "median %.0f/s best %.0f/s | ratio (median) %.2f | load average at end %.2f%n", records.size(),
                    rounds, rawMedian, rawBest, detMedian, detBest, detMedian / rawMedian, load());
        } finally {
            broker.close();
            try (Stream<Path> paths = Files.walk(work)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * One pipeline on fresh topics: a producer thread and one consumer thread.
     *
     * @param replay null for the raw pipeline; else the file the detector pipeline replays
     * @return records per second
     */
    private static double run(String name, String bootstrap, List<String[]> records, Path replay) throws Exception {
        String topic = "bench-" + name.replaceAll("[^a-z0-9]", "") + "-" + System.nanoTime();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get();
        }
        int total = records.size();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long[] alerts = new long[1];
        java.util.EnumMap<io.c2intents.events.Detector, Long> byDetector =
                new java.util.EnumMap<>(io.c2intents.events.Detector.class);
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps(bootstrap));
        consumer.subscribe(List.of(topic));
        // join the group before the clock starts
        while (consumer.assignment().size() < PARTITIONS) {
            consumer.poll(Duration.ofMillis(50));
        }
        KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps(bootstrap));
        KafkaProducer<String, String> alertProducer = replay == null ? null
                : new KafkaProducer<>(producerProps(bootstrap));
        long start = System.nanoTime();
        Thread sender = new Thread(() -> {
            try {
                if (replay == null) {
                    for (String[] r : records) {
                        producer.send(new ProducerRecord<>(topic, r[0], r[1]));
                    }
                } else {
                    try (BufferedReader in = Files.newBufferedReader(replay, StandardCharsets.UTF_8)) {
                        String line;
                        int n = 0;
                        while ((line = in.readLine()) != null && n++ < total) {
                            producer.send(new ProducerRecord<>(topic, FlowLines.read(line).flow().podKey(), line));
                        }
                    }
                }
                producer.flush();
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "bench-producer");
        sender.start();
        long consumed = 0;
        DetectorSettings settings = DetectorSettings.builder().allow("c2-lab/*", "8.8.8.8").build();
        PartitionDetector[] detectors = new PartitionDetector[PARTITIONS];
        for (int p = 0; p < PARTITIONS; p++) {
            detectors[p] = new PartitionDetector(settings, new AlertLedger(100_000), Clock.systemUTC());
        }
        long checksum = 0;
        while (consumed < total && failure.get() == null) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                consumed++;
                if (replay == null) {
                    checksum += record.value().length();
                    continue;
                }
                FlowSummary flow = FlowDetector.flowOf(record.value());
                if (flow == null) {
                    continue;
                }
                for (C2Alert alert : detectors[record.partition()].evaluate(flow, true)) {
                    alertProducer.send(new ProducerRecord<>(Topics.C2_ALERTS, alert.key(),
                            Contracts.C2_ALERT.write(alert)));
                    alerts[0]++;
                    byDetector.merge(alert.detector(), alert.revision() == 1 ? 1L : 0L, Long::sum);
                }
            }
        }
        if (alertProducer != null) {
            alertProducer.flush();
        }
        long elapsed = System.nanoTime() - start;
        sender.join();
        consumer.close();
        producer.close();
        if (alertProducer != null) {
            alertProducer.close();
        }
        if (failure.get() != null) {
            throw new IllegalStateException(name + " failed", failure.get());
        }
        double rate = consumed / (elapsed / 1e9);
        System.out.printf(Locale.ROOT, "%-18s %8d records in %6.2f s = %9.0f records/s%s (load %.2f)%n", name,
                consumed, elapsed / 1e9, rate, replay == null ? " (checksum " + checksum + ")"
                        : ", " + alerts[0] + " alert revisions published, new alerts " + byDetector, load());
        return rate;
    }

    /** The detector alone on one thread, records already in memory: parse, evaluate, serialise alerts. */
    private static double core(List<String[]> records) {
        DetectorSettings settings = DetectorSettings.builder().allow("c2-lab/*", "8.8.8.8").build();
        Map<Integer, PartitionDetector> detectors = new java.util.HashMap<>();
        long start = System.nanoTime();
        long alerts = 0;
        for (String[] r : records) {
            int partition = org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(
                    r[0].getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
            PartitionDetector d = detectors.computeIfAbsent(partition,
                    p -> new PartitionDetector(settings, new AlertLedger(100_000), Clock.systemUTC()));
            FlowSummary flow = FlowDetector.flowOf(r[1]);
            for (C2Alert alert : d.evaluate(flow, true)) {
                alerts += Contracts.C2_ALERT.write(alert).length() > 0 ? 1 : 0;
            }
        }
        long elapsed = System.nanoTime() - start;
        double rate = records.size() / (elapsed / 1e9);
        System.out.printf(Locale.ROOT, "%-18s %8d records in %6.2f s = %9.0f records/s, %d alert revisions (load "
                + "%.2f)%n", "core (no Kafka)", records.size(), elapsed / 1e9, rate, alerts, load());
        return rate;
    }

    private static Properties producerProps(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        // as the observer's flows-out channel: acks=all, idempotent, 5 ms linger, 128 KiB batches
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "131072");
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(128L << 20));
        return p;
    }

    private static Properties consumerProps(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        // as the detector's channel
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        p.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, "65536");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
        return p;
    }

    /** Real capture lines (rotated namespaces, shifted times) interleaved with the lab scenario's ICMP flows. */
    static int writeReplayFile(Path captures, Path file, int total) throws IOException {
        List<ObjectNode> capture = new ArrayList<>();
        try (Stream<Path> files = Files.list(captures)) {
            for (Path f : files.filter(x -> x.toString().endsWith(".jsonl")).sorted().toList()) {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        capture.add((ObjectNode) MAPPER.readTree(line));
                    }
                }
            }
        }
        Instant scenarioStart = Instant.parse("2026-03-14T09:00:00Z");
        long scenarioSecond = 0;
        int written = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int rep = 0; written < total; rep++) {
                long shift = rep * 3_600L;
                for (ObjectNode original : capture) {
                    if (written >= total) {
                        break;
                    }
                    out.write(rotate(original, rep % 64, shift));
                    out.newLine();
                    written++;
                }
                // the same number of scenario flows: 8 healthy pods pinging 8.8.8.8 every 5 s, one infected
                for (int k = 0; k < capture.size() && written < total; scenarioSecond += 5) {
                    Instant t = scenarioStart.plusSeconds(scenarioSecond);
                    for (int pod = 0; pod < 8 && written < total; pod++, k++) {
                        String name = (pod < 4 ? "benign-7d9f8c6b5-" : "target-7c9d8f6b5-") + "pod" + pod;
                        out.write(icmp(name, pod < 4 ? "benign" : "target", "8.8.8.8", t.plusMillis(pod * 97L),
                                false));
                        out.newLine();
                        written++;
                    }
                    if (scenarioSecond % 60 < 5) {
                        for (int i = 0; i < 5 && written + 1 < total; i++, k += 2) {
                            Instant p = t.plusSeconds(i).plusMillis(500);
                            out.write(icmp("target-7c9d8f6b5-pod7", "target", "1.1.1.1", p, false));
                            out.newLine();
                            out.write(icmp("target-7c9d8f6b5-pod7", "target", "1.1.1.1", p.plusMillis(12), true));
                            out.newLine();
                            written += 2;
                        }
                    }
                }
            }
        }
        return written;
    }

    private static String rotate(ObjectNode original, int copy, long shiftSeconds) {
        ObjectNode root = original.deepCopy();
        ObjectNode flow = root.has("flow") ? (ObjectNode) root.get("flow") : root;
        for (String end : List.of("source", "destination")) {
            if (flow.get(end) instanceof ObjectNode e && e.hasNonNull("namespace")) {
                String ns = e.get("namespace").asText();
                e.put("namespace", ns + "-" + copy);
                if (e.get("labels") instanceof ArrayNode labels) {
                    for (int i = 0; i < labels.size(); i++) {
                        if (labels.get(i).asText().equals("k8s:io.kubernetes.pod.namespace=" + ns)) {
                            labels.set(i, "k8s:io.kubernetes.pod.namespace=" + ns + "-" + copy);
                        }
                    }
                }
            }
        }
        for (ObjectNode node : List.of(root, flow)) {
            JsonNode time = node.get("time");
            if (time != null && time.isTextual()) {
                long nanos = HubbleTime.parseNanos(time.asText()) + shiftSeconds * 1_000_000_000L;
                node.put("time", HubbleTime.toInstant(nanos).toString());
            }
        }
        return root.toString();
    }

    /** An echo request from a lab pod to a world address, or its reply, as the lab's Relay twin emits them. */
    private static String icmp(String pod, String app, String remote, Instant t, boolean reply) {
        String podEnd = "{\"ID\":1234,\"identity\":31337,\"namespace\":\"c2-lab\",\"labels\":[\"k8s:app=" + app
                + "\",\"k8s:io.kubernetes.pod.namespace=c2-lab\"],\"pod_name\":\"" + pod
                + "\",\"workloads\":[{\"name\":\"" + app + "\",\"kind\":\"Deployment\"}]}";
        String world = "{\"identity\":2,\"labels\":[\"reserved:world\"]}";
        String podIp = "10.244.1." + (30 + Math.abs(pod.hashCode() % 200));
        return "{\"flow\":{\"time\":\"" + t + "\",\"verdict\":\"FORWARDED\",\"IP\":{\"source\":\""
                + (reply ? remote : podIp) + "\",\"destination\":\"" + (reply ? podIp : remote)
                + "\",\"ipVersion\":\"IPv4\"},\"l4\":{\"ICMPv4\":" + (reply ? "{}" : "{\"type\":8}") + "},\"source\":"
                + (reply ? world : podEnd) + ",\"destination\":" + (reply ? podEnd : world)
                + ",\"Type\":\"L3_L4\",\"node_name\":\"lab-worker-1\",\"traffic_direction\":\"EGRESS\",\"is_reply\":"
                + reply + ",\"Summary\":\"ICMPv4 " + (reply ? "EchoReply" : "EchoRequest")
                + "\"},\"node_name\":\"lab-worker-1\",\"time\":\"" + t + "\"}";
    }

    private static List<String[]> readKeyed(Path file) throws IOException {
        List<String[]> records = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                records.add(new String[]{FlowLines.read(line).flow().podKey(), line});
            }
        }
        return records;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
