package io.c2intents.lab.datapath;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.c2intents.hubble.flow.Flow;
import io.c2intents.hubble.flow.Verdict;
import io.c2intents.hubble.json.FlowLine;
import io.c2intents.hubble.json.FlowLines;
import io.c2intents.hubble.json.HubbleJson;
import io.c2intents.hubble.observer.GetFlowsResponse;
import io.c2intents.lab.pod.PodRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every kind of flow the lab emits (world, host, pod-to-pod on one node and across nodes, forwarded with replies,
 * default-denied, explicitly denied, ingress-denied) parses with {@code hubble-api} and has, key for key, the JSON
 * shapes of the real Hubble captures in {@code ../shared/data/hubble-flows/}; the few keys those 2021 captures predate
 * must be fields documented in {@code ../shared/reference/hubble-flow-api.md}.
 */
class FlowShapeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ExperimentLab lab;
    private static List<Flow> flows;
    private static PodRuntime target;
    private static PodRuntime benign;

    @BeforeAll
    static void produceEveryKindOfFlow() throws Exception {
        lab = new ExperimentLab();
        lab.apply("""
                apiVersion: cilium.io/v2
                kind: CiliumNetworkPolicy
                metadata: {name: target-egress-world}
                spec:
                  endpointSelector: {matchLabels: {c2.io/role: target}}
                  egress:
                    - toEntities: [world]
                    - toEndpoints: [{matchLabels: {c2.io/role: benign}}]
                  egressDeny: [{toCIDR: [9.9.9.9/32]}]
                """);
        lab.apply("""
                apiVersion: cilium.io/v2
                kind: CiliumNetworkPolicy
                metadata: {name: benign-ingress}
                spec:
                  endpointSelector: {matchLabels: {c2.io/role: benign}}
                  ingressDeny: [{fromEndpoints: [{matchLabels: {c2.io/role: target}}]}]
                  ingress: [{fromEntities: [cluster]}]
                """);
        List<PodRuntime> benigns = lab.deploy("benign", 4);
        target = lab.deploy("target", 1).get(0);
        benign = benigns.get(0);
        PodRuntime sameNode = benigns.stream().filter(p -> p.nodeName().equals(benign.nodeName()) && p != benign)
                .findFirst().orElse(null);
        PodRuntime otherNode = benigns.stream().filter(p -> !p.nodeName().equals(benign.nodeName())).findFirst()
                .orElseThrow();
        StringBuilder benignJobs = new StringBuilder()
                .append("* * * * * ping -c 1 ").append(otherNode.podIp()).append('\n')
                .append("* * * * * ping -c 1 ").append(benign.hostIp()).append('\n')
                .append("* * * * * ping -c 1 ").append(target.podIp()).append('\n');
        if (sameNode != null) {
            benignJobs.append("* * * * * ping -c 1 ").append(sameNode.podIp()).append('\n');
        }
        lab.exec(benign, "sh", "-c", "printf '" + benignJobs + "' >> /etc/crontabs/root && echo root > "
                + "/etc/crontabs/cron.update");
        String remoteNode = lab.lab.topology().nodes().stream().filter(n -> !n.name().equals(target.nodeName()))
                .findFirst().orElseThrow().internalIp();
        lab.exec(target, "sh", "-c", "printf '* * * * * ping -c 2 9.9.9.9\\n* * * * * ping -c 1 " + benign.podIp()
                + "\\n* * * * * ping -c 1 " + remoteNode + "\\n' >> /etc/crontabs/root"
                + " && echo root > /etc/crontabs/cron.update");
        lab.advanceToNextMinute(30);
        flows = lab.flows();
    }

    @AfterAll
    static void stop() {
        lab.close();
    }

    @Test
    void everyKindOfFlowIsThere() {
        assertThat(flows).anySatisfy(f -> assertThat(f.getDropReasonDesc().name()).isEqualTo("POLICY_DENY"));
        assertThat(flows).anySatisfy(f -> assertThat(f.getDropReasonDesc().name()).isEqualTo("POLICY_DENIED"));
        assertThat(flows).anySatisfy(f -> assertThat(f.getIngressDeniedByCount()).isEqualTo(1));
        assertThat(flows).anySatisfy(f -> assertThat(f.getDestination().getLabelsList()).contains("reserved:host"));
        assertThat(flows).anySatisfy(f -> assertThat(f.getTraceObservationPoint().name()).isEqualTo("TO_OVERLAY"));
        assertThat(flows).anySatisfy(f -> {
            assertThat(f.getSource().getPodName()).isNotEmpty();
            assertThat(f.getDestination().getPodName()).isNotEmpty();
            assertThat(f.getVerdict()).isEqualTo(Verdict.FORWARDED);
        });
        // target -> benign: allowed out by the target's policy, denied in by the benign pods' ingressDeny
        assertThat(flows).filteredOn(f -> f.getSource().getPodName().equals(target.name())
                && f.getIP().getDestination().equals(benign.podIp()) && f.getVerdict() == Verdict.DROPPED)
                .singleElement().satisfies(f -> {
                    assertThat(f.getDropReasonDesc().name()).isEqualTo("POLICY_DENY");
                    assertThat(f.getTrafficDirection().name()).isEqualTo("INGRESS");
                    assertThat(f.getNodeName()).isEqualTo(benign.nodeName());
                    assertThat(f.getIngressDeniedBy(0).getName()).isEqualTo("benign-ingress");
                });
        // target -> another node: neither world nor a benign pod, so default deny
        assertThat(flows).filteredOn(f -> f.getSource().getPodName().equals(target.name())
                && f.getDestination().getLabelsList().contains("reserved:remote-node"))
                .singleElement().satisfies(f -> assertThat(f.getDropReasonDesc().name()).isEqualTo("POLICY_DENIED"));
    }

    @Test
    void everyFlowRoundTripsThroughHubbleApi() {
        for (Flow flow : flows) {
            String line = HubbleJson.write(flow);
            GetFlowsResponse parsed = HubbleJson.parse(line);
            assertThat(parsed.getFlow()).isEqualTo(flow);
            assertThat(HubbleJson.write(parsed)).isEqualTo(line);
            FlowLine fast = FlowLines.read(line);
            assertThat(fast.isFlow()).isTrue();
            assertThat(fast.flow().verdict()).isEqualTo(flow.getVerdict().name());
            assertThat(fast.nodeName()).startsWith("lab-node-");
        }
    }

    @Test
    void thePodEndOfEveryFlowIsThePodThatPinged() {
        for (Flow flow : flows) {
            String line = HubbleJson.write(flow);
            boolean reply = flow.hasIsReply() && flow.getIsReply().getValue();
            Flow pinger = reply ? flow.toBuilder().setSource(flow.getDestination()).build() : flow;
            String expected = pinger.getSource().getNamespace() + "/" + pinger.getSource().getPodName();
            assertThat(FlowLines.read(line).flow().podKey()).as(line).isEqualTo(expected);
        }
    }

    @Test
    void keysAndValueTypesAreThoseOfTheRealCaptures() throws IOException {
        Map<String, Set<String>> captured = captureShapes();
        String reference = referenceDoc();
        Map<String, String> unseen = new TreeMap<>();
        for (Flow flow : flows) {
            JsonNode node = JSON.readTree(HubbleJson.write(flow));
            Map<String, Set<String>> ours = new HashMap<>();
            shapes("", node, ours);
            ours.forEach((path, types) -> {
                if (types.contains("object") || types.contains("array")) {
                    return; // containers: their leaves are checked
                }
                if (captured.containsKey(path)) {
                    assertThat(captured.get(path)).as(path).containsAll(types);
                } else {
                    unseen.put(path, String.join(",", types));
                }
            });
        }
        // keys the 2021 captures predate: each must be a field of the reference's Flow model, with its JSON type
        assertThat(unseen).containsOnlyKeys("flow.uuid", "flow.trace_reason", "flow.drop_reason",
                "flow.source.workloads[].name", "flow.source.workloads[].kind", "flow.destination.workloads[].name",
                "flow.destination.workloads[].kind", "flow.egress_denied_by[].name",
                "flow.egress_denied_by[].namespace", "flow.egress_denied_by[].labels[]",
                "flow.egress_denied_by[].revision", "flow.egress_denied_by[].kind", "flow.ingress_denied_by[].name",
                "flow.ingress_denied_by[].namespace", "flow.ingress_denied_by[].labels[]",
                "flow.ingress_denied_by[].revision", "flow.ingress_denied_by[].kind");
        for (String field : List.of("| uuid |", "| trace_reason |", "| drop_reason |", "`workloads`",
                "| egress_denied_by |", "| ingress_denied_by |", "`revision`(4 uint64)")) {
            assertThat(reference).as(field).contains(field);
        }
        assertThat(unseen.get("flow.drop_reason")).isEqualTo("number");
        assertThat(unseen.get("flow.egress_denied_by[].revision")).as("uint64 is a JSON string").isEqualTo("string");
    }

    @Test
    void fieldValuesLookLikeHubbles() throws IOException {
        for (Flow flow : flows) {
            JsonNode json = JSON.readTree(HubbleJson.write(flow)).get("flow");
            assertThat(json.get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,9})?Z");
            assertThat(json.get("uuid").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-"
                    + "[0-9a-f]{12}");
            assertThat(json.get("Type").asText()).isEqualTo("L3_L4");
            assertThat(json.get("IP").get("ipVersion").asText()).isEqualTo("IPv4");
            JsonNode icmp = json.get("l4").get("ICMPv4");
            boolean reply = json.has("is_reply") && json.get("is_reply").asBoolean();
            assertThat(icmp.toString()).isEqualTo(reply ? "{}" : "{\"type\":8}");
            assertThat(json.get("Summary").asText()).isEqualTo(reply ? "ICMPv4 EchoReply" : "ICMPv4 EchoRequest");
            for (String end : List.of("source", "destination")) {
                JsonNode endpoint = json.get(end);
                if (endpoint.has("pod_name")) {
                    assertThat(endpoint.get("ID").asInt()).isBetween(1, 4095);
                    assertThat(endpoint.get("identity").asInt()).isGreaterThanOrEqualTo(256);
                    assertThat(endpoint.get("labels")).allSatisfy(l -> assertThat(l.asText()).startsWith("k8s:"));
                    assertThat(endpoint.get("labels").toString())
                            .contains("\"k8s:io.kubernetes.pod.namespace=" + endpoint.get("namespace").asText() + "\"")
                            .contains("k8s:io.cilium.k8s.policy.cluster=default")
                            .doesNotContain("pod-template-hash");
                    assertThat(endpoint.get("workloads").get(0).get("kind").asText()).isEqualTo("Deployment");
                } else if (endpoint.get("labels").get(0).asText().equals("reserved:world")) {
                    assertThat(endpoint.toString()).isEqualTo("{\"identity\":2,\"labels\":[\"reserved:world\"]}");
                }
            }
            if (json.get("verdict").asText().equals("DROPPED")) {
                assertThat(json.has("is_reply")).as("Hubble does not know the direction of a drop").isFalse();
                assertThat(json.get("event_type").get("type").asInt()).isEqualTo(1);
                assertThat(json.get("event_type").get("sub_type").asInt()).isEqualTo(json.get("drop_reason").asInt());
            } else {
                assertThat(json.get("event_type").get("type").asInt()).isEqualTo(4);
                assertThat(json.get("is_reply").isBoolean()).isTrue();
            }
        }
    }

    private static Map<String, Set<String>> captureShapes() throws IOException {
        String dir = System.getProperty("shared.data.dir");
        assumeTrue(dir != null && Files.isDirectory(Path.of(dir, "hubble-flows")),
                "skipped: ../shared/data/hubble-flows not found (system property shared.data.dir)");
        Map<String, Set<String>> shapes = new HashMap<>();
        try (Stream<Path> files = Files.list(Path.of(dir, "hubble-flows"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    if (!line.isBlank()) {
                        shapes("", JSON.readTree(line), shapes);
                    }
                }
            }
        }
        return shapes;
    }

    private static String referenceDoc() throws IOException {
        Path doc = Path.of(System.getProperty("shared.data.dir"), "..", "reference", "hubble-flow-api.md");
        assumeTrue(Files.isRegularFile(doc), "skipped: ../shared/reference/hubble-flow-api.md not found");
        return Files.readString(doc);
    }

    private static void shapes(String path, JsonNode node, Map<String, Set<String>> into) {
        if (node.isObject()) {
            if (!path.isEmpty()) {
                into.computeIfAbsent(path, p -> new HashSet<>()).add("object");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                shapes(path.isEmpty() ? field.getKey() : path + "." + field.getKey(), field.getValue(), into);
            }
        } else if (node.isArray()) {
            into.computeIfAbsent(path, p -> new HashSet<>()).add("array");
            node.forEach(item -> shapes(path + "[]", item, into));
        } else {
            into.computeIfAbsent(path, p -> new HashSet<>()).add(node.isTextual() ? "string" : node.isNumber()
                    ? "number" : node.isBoolean() ? "boolean" : "null");
        }
    }
}
