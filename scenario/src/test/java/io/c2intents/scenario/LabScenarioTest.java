package io.c2intents.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The summary's flow → alert line: a number only where both clocks agree, and never an unexplained negative. */
class LabScenarioTest {

    private static final Instant FLOW = Instant.parse("2026-12-04T10:31:00.000Z");

    @Test
    void atRealTimeTheLatencyRunsFromTheFlowsHubbleTimeToTheAlert() {
        Map.Entry<String, Long> line = LabScenario.flowToAlert(FLOW, FLOW.plusMillis(142), 1.0);

        assertThat(line.getValue()).isEqualTo(142L);
        assertThat(line.getKey()).startsWith("142 ms").contains("Hubble time").doesNotContain("negative");
    }

    @Test
    void aNegativeLatencyIsExplainedAsClockSkew() {
        Map.Entry<String, Long> line = LabScenario.flowToAlert(FLOW, FLOW.minusMillis(117), 1.0);

        assertThat(line.getValue()).isEqualTo(-117L);
        assertThat(line.getKey()).startsWith("-117 ms").contains("negative").contains("clock skew");
    }

    @Test
    void withAScaledLabClockNoLatencyIsComputedAndTheLineSaysWhy() {
        // lab time runs 30 times faster: the flow's time is minutes ahead of the wall clock
        Map.Entry<String, Long> line = LabScenario.flowToAlert(FLOW.plusSeconds(600), FLOW, 30.0);

        assertThat(line.getValue()).isEqualTo(Long.MIN_VALUE);
        assertThat(line.getKey()).isEqualTo(
                "n/a at --time-scale 30 (flow times are lab time, alert times wall time)");
    }
}
