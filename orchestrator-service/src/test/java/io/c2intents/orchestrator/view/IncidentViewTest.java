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

    @Test
    void aPodTheClusterNoLongerHasIsGoneWithItsHistoryKept() {
        IncidentView view = new IncidentView(100, 50, 16);
        String gone = "c2-lab/target-gone";
        String alive = "c2-lab/target-alive";
        view.onAlert(Fixtures.alert("target-gone", "n1", 1, T));
        view.onAlert(Fixtures.alert("target-alive", "n1", 1, T));
        view.onMitigation(gone, Fixtures.step("target-gone", null, "r1", MitigationStatus.APPLIED,
                "cilium:quarantine", "D3-NTF", T.plusSeconds(1)));
        long check = view.changeCount();

        assertThat(view.podsGone(java.util.Set.of(gone), check, T.plusSeconds(60))).containsExactly(gone);
        IncidentSnapshot incident = view.ofPod(gone).orElseThrow();
        assertThat(incident.status()).isEqualTo(IncidentStatus.GONE);
        assertThat(incident.quarantined()).isFalse();
        assertThat(incident.timeline()).extracting(TimelineEntry::kind).containsExactly("alert", "mitigation", "gone");
        assertThat(view.infectedPods()).containsExactly(alive);
        assertThat(view.open()).extracting(IncidentSnapshot::pod).containsExactly(alive);
        // asked again: nothing more to mark
        assertThat(view.podsGone(java.util.Set.of(gone), view.changeCount(), T.plusSeconds(90))).isEmpty();
        assertThat(view.ofPod(gone).orElseThrow().timeline()).hasSize(3);
    }

    @Test
    void anIncidentThatChangedWhileTheApiWasAskedIsLeftForTheNextCheck() {
        IncidentView view = new IncidentView(100, 50, 16);
        String pod = "c2-lab/target-new";
        long check = view.changeCount();
        // the pod was created and alerted after the API listed the pods
        view.onAlert(Fixtures.alert("target-new", "n1", 1, T));
        assertThat(view.podsGone(java.util.Set.of(pod), check, T.plusSeconds(1))).isEmpty();
        assertThat(view.ofPod(pod).orElseThrow().status()).isEqualTo(IncidentStatus.OPEN);
        assertThat(view.podsGone(java.util.Set.of(pod), view.changeCount(), T.plusSeconds(2))).containsExactly(pod);
    }

    @Test
    void newC2EvidenceForAGonePodIsANewIncidentAndARereadAlertIsNot() {
        IncidentView view = new IncidentView(100, 50, 16);
        String pod = "c2-lab/target-again";
        view.onAlert(Fixtures.alert("target-again", "n1", 1, T));
        view.podsGone(java.util.Set.of(pod), view.changeCount(), T.plusSeconds(60));
        view.onAlert(Fixtures.alert("target-again", "n1", 1, T)); // the same revision read again
        assertThat(view.list()).hasSize(1);
        view.onAlert(Fixtures.alert("target-again", "n1", 2, T.plusSeconds(120)));
        assertThat(view.list()).extracting(IncidentSnapshot::id, IncidentSnapshot::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("inc-c2-lab-target-again-2", IncidentStatus.OPEN),
                org.assertj.core.groups.Tuple.tuple("inc-c2-lab-target-again-1", IncidentStatus.GONE));
        assertThat(view.infectedPods()).containsExactly(pod);
    }

    @Test
    void aResolvedIncidentStaysResolvedWhenItsPodIsGone() {
        IncidentView view = new IncidentView(100, 50, 16);
        String pod = "c2-lab/target-done";
        view.onAlert(Fixtures.alert("target-done", "n1", 1, T));
        view.onMitigation(pod, Fixtures.step("target-done", null, "r1", MitigationStatus.APPLIED, "pod:terminate",
                "D3-PT", T.plusSeconds(5)));
        assertThat(view.podsGone(java.util.Set.of(pod), view.changeCount(), T.plusSeconds(60))).isEmpty();
        assertThat(view.ofPod(pod).orElseThrow().status()).isEqualTo(IncidentStatus.RESOLVED);
    }
}
