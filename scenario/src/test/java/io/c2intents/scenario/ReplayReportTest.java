package io.c2intents.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.c2intents.events.Contracts;
import io.c2intents.events.MitigationEvent;
import io.c2intents.events.MitigationStatus;
import io.c2intents.events.Target;
import io.c2intents.events.TargetKind;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The report's mitigation event lines name what each event is about, as the alert lines above them do. */
class ReplayReportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aSkippedAlertNamesItsPod() throws Exception {
        String line = ReplayReport.eventLine(JSON.readTree(written(MitigationStatus.SKIPPED,
                Target.pod("kube-system", "coredns-5d78c9869d-8xk2p"),
                "no intent applies (replay-dry-run: namespace kube-system excluded)")));

        assertThat(line).isEqualTo("SKIPPED kube-system/coredns-5d78c9869d-8xk2p: no intent applies (replay-dry-run: "
                + "namespace kube-system excluded)");
    }

    @Test
    void nodesAndWorkloadsSayWhichKindTheyAre() throws Exception {
        assertThat(ReplayReport.eventLine(JSON.readTree(written(MitigationStatus.PLANNED,
                new Target(TargetKind.NODE, null, "lab-worker-1"), "cordon")))).isEqualTo(
                        "PLANNED node lab-worker-1: cordon");
        assertThat(ReplayReport.eventLine(JSON.readTree(written(MitigationStatus.PLANNED,
                new Target(TargetKind.WORKLOAD, "c2-lab", "Deployment/target"), "scale")))).isEqualTo(
                        "PLANNED workload c2-lab/Deployment/target: scale");
    }

    /** An event as the mitigation service writes it on mitigation-events. */
    private static String written(MitigationStatus status, Target target, String reason) {
        Instant at = Instant.parse("2026-12-04T10:00:00Z");
        return Contracts.MITIGATION_EVENT.write(new MitigationEvent(MitigationEvent.SCHEMA_VERSION, "evt-1", "alert-1",
                "inc-1", status, "cilium:quarantine", "D3-NTF", "Network Traffic Filtering", target, List.of(), reason,
                "replay-dry-run", true, at, at, 0));
    }
}
