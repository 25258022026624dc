package io.c2intents.hubble.json;

import io.c2intents.hubble.flow.Flow;
import io.c2intents.hubble.observer.GetFlowsResponse;
import io.c2intents.hubble.relay.NodeState;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rules of Hubble's JSON that matter to us, on small hand-written lines shaped like the real captures. */
class FlowLinesTest {

    static final String ECHO_REQUEST = "{\"flow\":{\"time\":\"2024-05-01T10:00:00.123456789Z\","
            + "\"uuid\":\"6f2c1a7e-0000-4000-8000-000000000001\",\"verdict\":\"FORWARDED\","
            + "\"IP\":{\"source\":\"10.0.1.17\",\"destination\":\"1.1.1.1\",\"ipVersion\":\"IPv4\"},"
            + "\"l4\":{\"ICMPv4\":{\"type\":8}},"
            + "\"source\":{\"ID\":301,\"identity\":4242,\"namespace\":\"c2-lab\","
            + "\"labels\":[\"k8s:app=target\",\"k8s:io.kubernetes.pod.namespace=c2-lab\"],\"pod_name\":\"target-7d9f-abcde\","
            + "\"workloads\":[{\"name\":\"target\",\"kind\":\"Deployment\"}]},"
            + "\"destination\":{\"identity\":2,\"labels\":[\"reserved:world\"]},"
            + "\"Type\":\"L3_L4\",\"node_name\":\"lab-worker\",\"event_type\":{\"type\":4},"
            + "\"traffic_direction\":\"EGRESS\",\"is_reply\":false,\"Summary\":\"ICMPv4 EchoRequest\"},"
            + "\"node_name\":\"lab-worker\",\"time\":\"2024-05-01T10:00:00.123456789Z\"}";

    static final String ECHO_REPLY = "{\"flow\":{\"time\":\"2024-05-01T10:00:00.150Z\",\"verdict\":\"FORWARDED\","
            + "\"IP\":{\"source\":\"1.1.1.1\",\"destination\":\"10.0.1.17\",\"ipVersion\":\"IPv4\"},"
            + "\"l4\":{\"ICMPv4\":{}},\"source\":{\"identity\":2,\"labels\":[\"reserved:world\"]},"
            + "\"destination\":{\"namespace\":\"c2-lab\",\"pod_name\":\"target-7d9f-abcde\"},\"Type\":\"L3_L4\","
            + "\"node_name\":\"lab-worker\",\"traffic_direction\":\"EGRESS\",\"is_reply\":true,"
            + "\"Summary\":\"ICMPv4 EchoReply\"},\"node_name\":\"lab-worker\",\"time\":\"2024-05-01T10:00:00.150Z\"}";

    @Test
    void readsTheFieldsTheDetectorNeeds() {
        FlowLine line = FlowLines.read(ECHO_REQUEST);
        FlowSummary flow = line.flow();
        assertThat(line.kind()).isEqualTo(EventKind.FLOW);
        assertThat(line.nodeName()).isEqualTo("lab-worker");
        assertThat(flow.time()).isEqualTo(Instant.parse("2024-05-01T10:00:00.123456789Z"));
        assertThat(flow.uuid()).isEqualTo("6f2c1a7e-0000-4000-8000-000000000001");
        assertThat(flow.verdict()).isEqualTo("FORWARDED");
        assertThat(flow.sourceIp()).isEqualTo("10.0.1.17");
        assertThat(flow.destinationIp()).isEqualTo("1.1.1.1");
        assertThat(flow.source().labels()).containsExactly("app=target", "io.kubernetes.pod.namespace=c2-lab");
        assertThat(flow.source().workloads()).containsExactly(new EndpointSummary.Workload("target", "Deployment"));
        assertThat(flow.source().identity()).isEqualTo(4242);
        assertThat(flow.destination().isWorld()).isTrue();
        assertThat(flow.l4Protocol()).isEqualTo("ICMPv4");
        assertThat(flow.icmpType()).isEqualTo(8);
        assertThat(flow.isReply()).isFalse();
        assertThat(flow.trafficDirection()).isEqualTo("EGRESS");
        assertThat(flow.podKey()).isEqualTo("c2-lab/target-7d9f-abcde");
    }

    @Test
    void anEmptyIcmpObjectIsAnEchoReplyOfTypeZero() {
        FlowSummary reply = FlowLines.read(ECHO_REPLY).flow();
        assertThat(reply.isIcmp()).isTrue();
        assertThat(reply.icmpType()).isZero();
        assertThat(reply.icmpCode()).isZero();
        Flow parsed = HubbleJson.parse(ECHO_REPLY).getFlow();
        assertThat(parsed.getL4().hasICMPv4()).isTrue();
        assertThat(parsed.getL4().getICMPv4().getType()).isZero();
        assertThat(HubbleJson.write(parsed)).contains("\"l4\":{\"ICMPv4\":{}}");
    }

    @Test
    void missingFieldsAreZeroValuesNotErrors() {
        FlowSummary flow = FlowLines.read("{\"flow\":{\"IP\":{\"source\":\"10.0.0.1\"}}}").flow();
        assertThat(flow.verdict()).isEmpty();
        assertThat(flow.timeNanos()).isEqualTo(HubbleTime.NONE);
        assertThat(flow.time()).isNull();
        assertThat(flow.icmpType()).isEqualTo(-1);
        assertThat(flow.isReply()).isNull();
        assertThat(flow.source()).isEqualTo(EndpointSummary.NONE);
        assertThat(HubbleJson.parse("{\"flow\":{}}").getFlow().getVerdict().name()).isEqualTo("VERDICT_UNKNOWN");
    }

    @Test
    void unknownFieldsAndEnumValuesFromNewerCiliumAreIgnored() {
        String newer = ECHO_REQUEST.replace("\"verdict\":\"FORWARDED\",",
                "\"verdict\":\"FORWARDED\",\"future_field\":{\"nested\":[1,2,{\"x\":null}]},"
                        + "\"trace_reason\":\"SOME_REASON_FROM_2030\",")
                .replace("\"node_name\":\"lab-worker\",\"time\"", "\"cluster\":\"x\",\"node_name\":\"lab-worker\",\"time\"");
        assertThat(FlowLines.read(newer).flow().podKey()).isEqualTo("c2-lab/target-7d9f-abcde");
        GetFlowsResponse parsed = HubbleJson.parse(newer);
        assertThat(parsed.getFlow().getSource().getPodName()).isEqualTo("target-7d9f-abcde");
        assertThat(HubbleJson.write(parsed)).doesNotContain("future_field");
    }

    @Test
    void aBareFlowIsWrappedWithItsOwnNodeAndTime() {
        String bare = ECHO_REQUEST.substring("{\"flow\":".length(), ECHO_REQUEST.indexOf(",\"node_name\":\"lab-worker\",\"time\""));
        FlowLine line = FlowLines.read(bare);
        assertThat(line.kind()).isEqualTo(EventKind.FLOW);
        assertThat(line.bareFlow()).isTrue();
        assertThat(line.nodeName()).isEqualTo("lab-worker");
        assertThat(line.flow().podKey()).isEqualTo("c2-lab/target-7d9f-abcde");
        assertThat(HubbleJson.write(HubbleJson.parse(bare))).isEqualTo(HubbleJson.write(HubbleJson.parse(ECHO_REQUEST)));
    }

    @Test
    void nodeStatusAndLostEventsAreNotFlows() {
        String status = "{\"node_status\":{\"state_change\":\"NODE_UNAVAILABLE\",\"node_names\":[\"kind-worker2\"],"
                + "\"message\":\"connection refused\"},\"node_name\":\"\",\"time\":\"2024-05-01T10:00:01Z\"}";
        String lost = "{\"lost_events\":{\"source\":\"HUBBLE_RING_BUFFER\",\"num_events_lost\":\"17\",\"cpu\":1},"
                + "\"node_name\":\"lab-worker\",\"time\":\"2024-05-01T10:00:02Z\"}";
        assertThat(FlowLines.read(status).kind()).isEqualTo(EventKind.NODE_STATUS);
        assertThat(FlowLines.read(status).flow()).isNull();
        assertThat(HubbleJson.parse(status).getNodeStatus().getStateChange()).isEqualTo(NodeState.NODE_UNAVAILABLE);
        FlowLine lostLine = FlowLines.read(lost);
        assertThat(lostLine.kind()).isEqualTo(EventKind.LOST_EVENTS);
        assertThat(lostLine.lostCount()).isEqualTo(17);
        assertThat(HubbleJson.parse(lost).getLostEvents().getNumEventsLost()).isEqualTo(17);
        assertThat(HubbleJson.write(HubbleJson.parse(lost))).contains("\"num_events_lost\":\"17\"");
        assertThat(FlowLines.read("{\"agent_event\":{\"type\":\"AGENT_STARTED\"}}").kind())
                .isEqualTo(EventKind.AGENT_EVENT);
        assertThat(FlowLines.read("{}").kind()).isEqualTo(EventKind.EMPTY);
    }

    @Test
    void brokenLinesAreRefusedWithTheExpectedFormat() {
        List<String> broken = List.of(
                ECHO_REQUEST.substring(0, ECHO_REQUEST.length() / 2),
                "not json at all",
                "{",
                "  \"flow\": {",
                "[1,2,3]",
                ECHO_REQUEST + ECHO_REPLY,
                "{\"flow\":\"a string\"}",
                "{\"flow\":{\"time\":\"yesterday\"}}",
                "{\"flow\":{\"l4\":{\"ICMPv4\":{\"type\":\"eight\"}}}}");
        for (String line : broken) {
            assertThatThrownBy(() -> FlowLines.read(line)).as(line)
                    .isInstanceOf(HubbleJsonException.class)
                    .satisfies(e -> assertThat(e.getMessage()).isNotBlank());
            assertThatThrownBy(() -> HubbleJson.parse(line)).as(line).isInstanceOf(HubbleJsonException.class);
        }
        assertThatThrownBy(() -> FlowLines.read("not json at all")).hasMessageContaining("hubble observe -o json");
        assertThatThrownBy(() -> FlowLines.read("{\"flow\":\"a string\"}")).hasMessageContaining("flow must be an object");
    }

    @Test
    void filtersParseFromHubbleRawFilterJson() {
        var filter = HubbleJson.parseFilter("{\"source_pod\":[\"kube-system/\"],\"verdict\":[\"DROPPED\",\"ERROR\"],"
                + "\"event_type\":[{\"type\":1}],\"protocol\":[\"icmpv4\"]}");
        assertThat(filter.getSourcePodList()).containsExactly("kube-system/");
        assertThat(filter.getVerdictList()).extracting(Enum::name).containsExactly("DROPPED", "ERROR");
        assertThat(filter.getEventType(0).getType()).isEqualTo(1);
        assertThatThrownBy(() -> HubbleJson.parseFilter("{\"source_pods\":[\"x\"]}"))
                .isInstanceOf(HubbleJsonException.class).hasMessageContaining("source_pods");
    }

    @Test
    void writerLeavesHtmlCharactersUnescapedAsGoProtojsonDoes() {
        Flow flow = Flow.newBuilder().setSource(io.c2intents.hubble.flow.Endpoint.newBuilder()
                .addLabels("k8s:app=web").addLabels("k8s:note=<a href='x'>&</a>")
                .addLabels("literal \\u003d stays").addLabels("quote \" and \\ and \u0001")).build();
        String written = HubbleJson.writeBare(flow);
        assertThat(written).contains("\"k8s:app=web\"", "\"k8s:note=<a href='x'>&</a>\"",
                "\"literal \\\\u003d stays\"", "\"quote \\\" and \\\\ and \\u0001\"");
        assertThat(HubbleJson.parseFlow(written)).isEqualTo(flow);
    }
}
