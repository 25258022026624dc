package io.c2intents.orchestrator.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.c2intents.events.MitigationStatus;
import io.c2intents.orchestrator.Fixtures;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Alerts and mitigation steps make incidents whatever order the two topics are read in. */
class IncidentViewTest {

    static final Instant T = Instant.parse("2026-03-14T09:21:04Z");

    @Test
    void stepsReadBeforeTheirAlertStillMakeOneIncident() {
        IncidentView view = new IncidentView(100, 50, 16);
        String pod = "target-a";
        view.onMitigation("c2-lab/" + pod, Fixtures.step(pod, "inc-x", "r1", MitigationStatus.APPLIED,
                "cilium:quarantine", "D3-NTF", T.plusSeconds(1)));
        view.onMitigation("c2-lab/" + pod, Fixtures.step(pod, "inc-x", "r2", MitigationStatus.APPLIED,
                "pod:terminate", "D3-PT", T.plusSeconds(30)));
        view.onAlert(Fixtures.alert(pod, "n1", 1, T));
        assertThat(view.list()).hasSize(1);
        IncidentSnapshot incident = view.get("inc-x").orElseThrow();
        assertThat(incident.status()).isEqualTo(IncidentStatus.RESOLVED);
        assertThat(incident.timeline()).extracting(TimelineEntry::kind).containsExactly("alert", "mitigation", "mitigation");
        assertThat(view.infectedPods()).doesNotContain("c2-lab/" + pod);
    }

    @Test
    void c2AfterResolutionIsANewIncident() {
        IncidentView view = new IncidentView(100, 50, 16);
        String pod = "target-b";
        view.onAlert(Fixtures.alert(pod, "n1", 1, T));
        view.onMitigation("c2-lab/" + pod, Fixtures.step(pod, null, "r1", MitigationStatus.VERIFIED,
                "pod:evict-file", "D3-FEV", T.plusSeconds(120)));
        assertThat(view.ofPod("c2-lab/" + pod).orElseThrow().status()).isEqualTo(IncidentStatus.RESOLVED);
        view.onAlert(Fixtures.alert(pod, "n1", 2, T.plusSeconds(600)));
        assertThat(view.list()).extracting(IncidentSnapshot::id)
                .containsExactly("inc-c2-lab-target-b-2", "inc-c2-lab-target-b-1");
        assertThat(view.infectedPods()).containsExactly("c2-lab/" + pod);
    }

    @Test
    void aRevertedQuarantineReopensAndDryRunsChangeNothing() {
        IncidentView view = new IncidentView(100, 50, 16);
        String pod = "target-c";
        view.onAlert(Fixtures.alert(pod, "n1", 1, T));
        var dry = Fixtures.step(pod, null, "r0", MitigationStatus.SKIPPED, "cilium:quarantine", "D3-NTF", T);
        view.onMitigation("c2-lab/" + pod, new io.c2intents.events.MitigationEvent(1, "e0", "r0", null,
                MitigationStatus.APPLIED, dry.action(), dry.technique(), null, dry.target(), null, "dry", null, true, T,
                T, 1));
        assertThat(view.ofPod("c2-lab/" + pod).orElseThrow().status()).isEqualTo(IncidentStatus.OPEN);
        view.onMitigation("c2-lab/" + pod, Fixtures.step(pod, null, "r1", MitigationStatus.APPLIED,
                "cilium:quarantine", "D3-NTF", T.plusSeconds(1)));
        assertThat(view.ofPod("c2-lab/" + pod).orElseThrow().status()).isEqualTo(IncidentStatus.CONTAINED);
        view.onMitigation("c2-lab/" + pod, Fixtures.step(pod, null, "r1", MitigationStatus.REVERTED,
                "cilium:quarantine", "D3-NTF", T.plusSeconds(2)));
        assertThat(view.ofPod("c2-lab/" + pod).orElseThrow().status()).isEqualTo(IncidentStatus.OPEN);
    }

    @Test
    void memoryIsBoundedInIncidentsAndTimelineLines() {
        IncidentView view = new IncidentView(2, 3, 16);
        for (String pod : new String[] {"p1", "p2", "p3"}) {
            view.onAlert(Fixtures.alert(pod, "n1", 1, T));
        }
        assertThat(view.list()).extracting(IncidentSnapshot::pod).containsExactly("c2-lab/p3", "c2-lab/p2");
        assertThat(view.get("inc-c2-lab-p1-1")).isEmpty();
        for (int i = 0; i < 10; i++) {
            view.onMitigation("c2-lab/p3", Fixtures.step("p3", null, "r" + i, MitigationStatus.PLANNED,
                    "cilium:quarantine", "D3-NTF", T.plusSeconds(i + 1)));
        }
        IncidentSnapshot p3 = view.ofPod("c2-lab/p3").orElseThrow();
        assertThat(p3.timeline()).hasSize(3);
        // how it started stays; the newest steps follow
        assertThat(p3.timeline().get(0).kind()).isEqualTo("alert");
        assertThat(p3.timeline().get(2).at()).isEqualTo(T.plusSeconds(10));
    }

    @Test
    void aResolvedIncidentIsNotQuarantined() {
        IncidentView view = new IncidentView(100, 50, 16);
        String pod = "target-q";
        view.onAlert(Fixtures.alert(pod, "n1", 1, T));
        view.onMitigation("c2-lab/" + pod, Fixtures.step(pod, null, "r1", MitigationStatus.APPLIED,
                "cilium:quarantine", "D3-NTF", T.plusSeconds(1)));
        assertThat(view.ofPod("c2-lab/" + pod).orElseThrow().quarantined()).isTrue();
        view.onMitigation("c2-lab/" + pod, Fixtures.step(pod, null, "r2", MitigationStatus.APPLIED,
                "pod:terminate", "D3-PT", T.plusSeconds(30)));
        IncidentSnapshot resolved = view.ofPod("c2-lab/" + pod).orElseThrow();
        assertThat(resolved.status()).isEqualTo(IncidentStatus.RESOLVED);
        assertThat(resolved.quarantined()).isFalse();
    }
}
