package io.c2intents.observer.detector;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which records the detector evaluates, skips or dead-letters, and the reason it gives. */
class FlowOfTest {

    private static final Instant T = Instant.parse("2026-03-14T09:00:00Z");

    @Test
    void flowsWrappedOrBareAreEvaluated() {
        String line = FlowJson.from("c2-lab", "target-1").json(T);
        assertThat(FlowDetector.flowOf(line).podKey()).isEqualTo("c2-lab/target-1");
        String bare = line.substring("{\"flow\":".length(), line.indexOf(",\"node_name\":\"lab-worker-1\",\"time\""));
        assertThat(FlowDetector.flowOf(bare).timeNanos()).isEqualTo(FlowDetector.flowOf(line).timeNanos());
    }

    @Test
    void otherHubbleEventsAreSkipped() {
        assertThat(FlowDetector.flowOf("{\"node_status\":{\"state_change\":\"NODE_CONNECTED\"},\"time\":\"" + T
                + "\"}")).isNull();
        assertThat(FlowDetector.flowOf("{\"lost_events\":{\"num_events_lost\":\"3\"}}")).isNull();
    }

    @Test
    void aFlowWithoutItsOwnTimeTakesTheResponseTime() {
        String line = "{\"flow\":{\"verdict\":\"FORWARDED\",\"IP\":{\"source\":\"10.0.0.1\",\"destination\":\"1.1.1.1\"}},"
                + "\"time\":\"" + T + "\"}";
        assertThat(FlowDetector.flowOf(line).time()).isEqualTo(T);
    }

    @Test
    void unusableRecordsAreRefusedWithAReason() {
        assertRefused("", "empty", "empty record");
        assertRefused(null, "empty", "empty record");
        assertRefused("ping 1.1.1.1", "not-json", "not valid JSON");
        assertRefused("{\"flow\":{", "not-json", "not valid JSON");
        assertRefused("[1,2]", "not-a-flow", "found an array");
        assertRefused("{\"hello\":\"world\"}", "not-a-flow", "no Hubble flow");
        assertRefused("{\"flow\":{\"verdict\":\"DROPPED\"}}", "no-time", "without a time");
        assertRefused("{\"flow\":{\"time\":\"yesterday\"}}", "bad-time", "RFC 3339");
        assertRefused("{\"flow\":{\"time\":\"2999-01-01T00:00:00Z\"}}", "bad-time", "outside the range");
        assertRefused("{\"flow\":{\"IP\":\"1.1.1.1\",\"time\":\"" + T + "\"}}", "not-a-flow", "flow.IP must be an object");
    }

    private static void assertRefused(String payload, String kind, String reason) {
        assertThatThrownBy(() -> FlowDetector.flowOf(payload)).isInstanceOfSatisfying(UnusableFlowRecord.class,
                e -> {
                    assertThat(e.kind()).isEqualTo(kind);
                    assertThat(e.getMessage()).contains(reason);
                });
    }
}
