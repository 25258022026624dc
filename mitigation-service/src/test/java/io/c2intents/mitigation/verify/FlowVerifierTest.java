package io.c2intents.mitigation.verify;

import io.c2intents.mitigation.TestConfig;
import io.c2intents.mitigation.incident.IncidentRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The flow clock that ends verification windows only moves for believable flow times: a flow from 2100 would
 * otherwise make every open incident's window pass at once (a VERIFIED for eradication nobody checked).
 */
class FlowVerifierTest {

    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");

    private static String flow(Instant time) {
        return "{\"flow\":{\"time\":\"" + time + "\",\"verdict\":\"FORWARDED\",\"IP\":{\"source\":\"10.244.1.7\","
                + "\"destination\":\"8.8.8.8\",\"ipVersion\":\"IPv4\"},\"source\":{\"namespace\":\"c2-lab\","
                + "\"pod_name\":\"benign-1\"}},\"time\":\"" + time + "\"}";
    }

    @Test
    void aFlowFarAheadOfTheClockAndThePartitionDoesNotMoveTheFlowClock() {
        FlowClock clock = new FlowClock();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        FlowVerifier verifier = new FlowVerifier(new IncidentRegistry(TestConfig.defaults()), null, clock, meters,
                TestConfig.defaults(), Clock.fixed(NOW, ZoneOffset.UTC));

        verifier.observe("c2-lab/benign-1", 0, flow(NOW.minusSeconds(5)));
        assertThat(clock.now(0)).isEqualTo(NOW.minusSeconds(5));

        verifier.observe("c2-lab/benign-1", 0, flow(Instant.parse("2100-01-01T00:00:00Z")));
        assertThat(clock.now(0)).as("2100 ignored").isEqualTo(NOW.minusSeconds(5));
        assertThat(clock.now()).isEqualTo(NOW.minusSeconds(5));
        assertThat(meters.get("mitigation.verify.flows.too.far.ahead").counter().count()).isEqualTo(1);

        // a lab clock running ahead of the wall clock moves in steps, each within a day of the last flow
        Instant lab = NOW;
        for (int i = 0; i < 5; i++) {
            lab = lab.plus(Duration.ofHours(20));
            verifier.observe("c2-lab/benign-1", 0, flow(lab));
        }
        assertThat(clock.now(0)).isEqualTo(lab);
        assertThat(meters.get("mitigation.verify.flows.too.far.ahead").counter().count()).isEqualTo(1);
    }
}
