package io.c2intents.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void alertRoundTrip() {
        C2Alert a = new C2Alert(1, "a1", 1, Instant.parse("2026-12-03T10:00:00Z"),
                new PodRef("c2-lab", "target-abc", Map.of("app", "target"), "lab-node-1", "10.0.1.4", new WorkloadRef("Deployment", "target")),
                "1.1.1.1", "ICMPv4", "T1095", Detector.INDICATOR, 0.9, Instant.parse("2026-12-03T10:00:00Z"),
                Instant.parse("2026-12-03T10:00:04Z"), 5, null, "pinged an indicator");
        String json = Contracts.C2_ALERT.write(a);
        System.out.println(json);
        assertThat(Contracts.C2_ALERT.read(json)).isEqualTo(a);
        assertThatThrownBy(() -> Contracts.C2_ALERT.read(json.replace("\"score\":0.9", "\"score\":1.9")))
                .hasMessageContaining("score");
        assertThatThrownBy(() -> Contracts.SIMULATOR_COMMAND.read("{\"schemaVersion\":1,\"commandId\":\"x\",\"type\":\"infect\",\"c2Address\":\"1.1.1.300\"}"))
                .satisfies(e -> System.out.println(e.getMessage())).hasMessageContaining("c2Address");
    }
}
