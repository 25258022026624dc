package io.c2intents.hubble.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.c2intents.hubble.flow.Flow;
import io.c2intents.hubble.flow.Layer4;
import io.c2intents.hubble.observer.GetFlowsResponse;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every line of every real capture: both readers understand it, and our writer gives back the same JSON. */
class CaptureRoundTripTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void everyCaptureLineIsAFlowForBothReaders() {
        List<Captures.Line> lines = Captures.lines();
        assertThat(lines).as("capture lines").hasSizeGreaterThanOrEqualTo(430);
        for (Captures.Line line : lines) {
            GetFlowsResponse response = HubbleJson.parse(line.text());
            FlowLine fast = FlowLines.read(line.text());
            assertThat(response.hasFlow()).as("%s is a flow", line).isTrue();
            assertThat(fast.kind()).as("%s kind", line).isEqualTo(EventKind.FLOW);
            assertThat(fast.bareFlow()).isFalse();
            assertThat(fast.nodeName()).isEqualTo(response.getNodeName()).isNotEmpty();
            assertThat(fast.timeNanos()).isEqualTo(HubbleTime.toNanos(response.getTime()));
            agree(line, response.getFlow(), fast.flow());
        }
    }

    @Test
    void writerGivesBackEveryCaptureLineKeyForKey() throws Exception {
        for (Captures.Line line : Captures.lines()) {
            String written = HubbleJson.write(HubbleJson.parse(line.text()));
            assertThat(written).as("%s is one line", line).doesNotContain("\n");
            JsonNode expected = MAPPER.readTree(line.text());
            JsonNode actual = MAPPER.readTree(written);
            assertThat(actual).as("%s written back", line).isEqualTo(expected);
        }
    }

    @Test
    void aFlowWrittenAloneIsWrappedLikeRelaySendsIt() throws Exception {
        for (Captures.Line line : Captures.lines()) {
            Flow flow = HubbleJson.parse(line.text()).getFlow();
            assertThat(MAPPER.readTree(HubbleJson.write(flow))).as("%s", line).isEqualTo(MAPPER.readTree(line.text()));
        }
    }

    /** The fast summary says what the protobuf says, field by field. */
    private static void agree(Captures.Line line, Flow flow, FlowSummary summary) {
        String at = line.toString();
        assertThat(summary.timeNanos()).as(at).isEqualTo(HubbleTime.toNanos(flow.getTime()));
        assertThat(summary.uuid()).as(at).isEqualTo(flow.getUuid());
        assertThat(summary.verdict()).as(at).isEqualTo(flow.getVerdictValue() == 0 ? "" : flow.getVerdict().name());
        assertThat(summary.dropReasonDesc()).as(at)
                .isEqualTo(flow.getDropReasonDescValue() == 0 ? "" : flow.getDropReasonDesc().name());
        assertThat(summary.sourceIp()).as(at).isEqualTo(flow.getIP().getSource());
        assertThat(summary.destinationIp()).as(at).isEqualTo(flow.getIP().getDestination());
        assertThat(summary.source().podName()).as(at).isEqualTo(flow.getSource().getPodName());
        assertThat(summary.source().namespace()).as(at).isEqualTo(flow.getSource().getNamespace());
        assertThat(summary.destination().podName()).as(at).isEqualTo(flow.getDestination().getPodName());
        assertThat(summary.source().labels()).as(at)
                .isEqualTo(flow.getSource().getLabelsList().stream().map(l -> l.replaceFirst("^k8s:", "")).toList());
        assertThat(summary.destination().identity()).as(at).isEqualTo(flow.getDestination().getIdentity());
        assertThat(summary.nodeName()).as(at).isEqualTo(flow.getNodeName());
        assertThat(summary.trafficDirection()).as(at)
                .isEqualTo(flow.getTrafficDirectionValue() == 0 ? "" : flow.getTrafficDirection().name());
        assertThat(summary.flowType()).as(at).isEqualTo(flow.getTypeValue() == 0 ? "" : flow.getType().name());
        Layer4 l4 = flow.getL4();
        switch (l4.getProtocolCase()) {
            case TCP -> {
                assertThat(summary.l4Protocol()).as(at).isEqualTo("TCP");
                assertThat(summary.sourcePort()).as(at).isEqualTo(l4.getTCP().getSourcePort());
                assertThat(summary.destinationPort()).as(at).isEqualTo(l4.getTCP().getDestinationPort());
                assertThat(summary.icmpType()).as(at).isEqualTo(-1);
            }
            case ICMPV4 -> {
                assertThat(summary.l4Protocol()).as(at).isEqualTo("ICMPv4");
                assertThat(summary.icmpType()).as(at).isEqualTo(l4.getICMPv4().getType());
            }
            case ICMPV6 -> {
                assertThat(summary.l4Protocol()).as(at).isEqualTo("ICMPv6");
                assertThat(summary.icmpType()).as(at).isEqualTo(l4.getICMPv6().getType());
            }
            default -> assertThat(summary.l4Protocol()).as(at).isEqualTo(l4.getProtocolCase().name());
        }
        Boolean expectedReply = flow.hasIsReply() ? Boolean.valueOf(flow.getIsReply().getValue())
                : flow.getReply() ? Boolean.TRUE : null;
        assertThat(summary.isReply()).as(at).isEqualTo(expectedReply);
        assertThat(FlowKeys.podKey(summary)).as(at + " key").isEqualTo(FlowKeys.podKey(flow));
    }
}
