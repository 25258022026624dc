package io.c2intents.orchestrator.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.c2intents.events.MitigationStatus;
import io.c2intents.events.OperatorRelease;
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

    @Test
    void aPersonsRevertOfTheHeldQuarantineClosesTheIncidentReleased() {
        IncidentView view = new IncidentView(100, 50, 16);
        String pod = "c2-lab/target-let-go";
        var alert = Fixtures.alert("target-let-go", "n1", 1, T);
        view.onAlert(alert);
        view.onMitigation(pod, Fixtures.intentStep(alert, "inc-svc", MitigationStatus.APPLIED, "cilium:quarantine",
                "D3-NTF", T.plusSeconds(1)));
        view.onMitigation(pod, Fixtures.intentStep(alert, "inc-svc", MitigationStatus.APPLIED, "pod:evict-file",
                "D3-FEV", T.plusSeconds(2)));
        assertThat(view.ofPod(pod).orElseThrow().status()).isEqualTo(IncidentStatus.CONTAINED);

        var release = Fixtures.released("target-let-go", "inc-svc", "req-person-1", T.plusSeconds(30));
        view.onMitigation(pod, release);
        IncidentSnapshot released = view.get("inc-svc").orElseThrow();
        assertThat(released.status()).isEqualTo(IncidentStatus.RELEASED);
        assertThat(released.status().infected()).isFalse();
        assertThat(released.quarantined()).isFalse();
        assertThat(released.timeline()).extracting(TimelineEntry::kind)
                .containsExactly("alert", "mitigation", "mitigation", "mitigation", "released");
        TimelineEntry line = released.timeline().get(4);
        assertThat(line.status()).isEqualTo("RELEASED");
        assertThat(line.ref()).isEqualTo("req-person-1");
        assertThat(line.summary()).contains("operator request req-person-1", "contain-and-eradicate-c2");
        assertThat(view.infectedPods()).isEmpty();
        assertThat(view.open()).isEmpty();
        // the same step read again (a re-joined consumer) adds nothing
        view.onMitigation(pod, release);
        assertThat(view.get("inc-svc").orElseThrow().timeline()).hasSize(5);
        // a revision about flows from before the release joins it; one about flows after it is a new incident
        view.onAlert(Fixtures.alert("target-let-go", "n1", 2, T.plusSeconds(20)));
        assertThat(view.list()).hasSize(1);
        assertThat(view.get("inc-svc").orElseThrow().status()).isEqualTo(IncidentStatus.RELEASED);
        view.onAlert(Fixtures.alert("target-let-go", "n1", 3, T.plusSeconds(90)));
        assertThat(view.list()).extracting(IncidentSnapshot::id, IncidentSnapshot::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("inc-c2-lab-target-let-go-2", IncidentStatus.OPEN),
                org.assertj.core.groups.Tuple.tuple("inc-c2-lab-target-let-go-1", IncidentStatus.RELEASED));
        assertThat(view.infectedPods()).containsExactly(pod);
    }

    @Test
    void aReleaseReadBeforeItsAlertStillClosesTheIncident() {
        IncidentView view = new IncidentView(100, 50, 16);
        String pod = "c2-lab/target-reread";
        var alert = Fixtures.alert("target-reread", "n1", 1, T);
        view.onMitigation(pod, Fixtures.intentStep(alert, "inc-svc-r", MitigationStatus.APPLIED, "cilium:quarantine",
                "D3-NTF", T.plusSeconds(1)));
        view.onMitigation(pod, Fixtures.released("target-reread", "inc-svc-r", "req-person-2", T.plusSeconds(30)));
        view.onAlert(alert);
        assertThat(view.list()).extracting(IncidentSnapshot::id, IncidentSnapshot::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("inc-svc-r", IncidentStatus.RELEASED));
        assertThat(view.infectedPods()).isEmpty();
    }

    @Test
    void onlyThePersonsAnswerWithTheIncidentsIntentIsARelease() {
        IncidentView view = new IncidentView(100, 50, 16);
        var lifted = Fixtures.alert("target-lifted", "n1", 1, T);
        String liftedPod = "c2-lab/target-lifted";
        view.onAlert(lifted);
        view.onMitigation(liftedPod, Fixtures.intentStep(lifted, "inc-l", MitigationStatus.APPLIED,
                "cilium:quarantine", "D3-NTF", T.plusSeconds(1)));
        view.onMitigation(liftedPod, Fixtures.intentStep(lifted, "inc-l", MitigationStatus.VERIFIED,
                "pod:evict-file", "D3-FEV", T.plusSeconds(120)));
        // the intent's own lift carries the alert id: the incident was resolved, not released
        view.onMitigation(liftedPod, Fixtures.intentStep(lifted, "inc-l", MitigationStatus.REVERTED,
                "cilium:quarantine", "D3-NTF", T.plusSeconds(121)));
        assertThat(view.get("inc-l").orElseThrow().status()).isEqualTo(IncidentStatus.RESOLVED);

        var plain = Fixtures.alert("target-plain", "n1", 1, T);
        String plainPod = "c2-lab/target-plain";
        view.onAlert(plain);
        view.onMitigation(plainPod, Fixtures.intentStep(plain, "inc-p", MitigationStatus.APPLIED,
                "cilium:quarantine", "D3-NTF", T.plusSeconds(1)));
        var answer = Fixtures.released("target-plain", "inc-p", "req-plain", T.plusSeconds(30));
        // a dry run of the revert changes nothing
        view.onMitigation(plainPod, withIntent(answer, "evt-dry", answer.intent(), true));
        assertThat(view.get("inc-p").orElseThrow().status()).isEqualTo(IncidentStatus.CONTAINED);
        // a plain revert no incident held (no intent; the reconcile puts it back): the incident stays open
        view.onMitigation(plainPod, withIntent(answer, "evt-plain", null, false));
        IncidentSnapshot open = view.get("inc-p").orElseThrow();
        assertThat(open.status()).isEqualTo(IncidentStatus.OPEN);
        assertThat(open.timeline()).extracting(TimelineEntry::kind).doesNotContain("released");
        assertThat(view.infectedPods()).containsExactly(plainPod);
    }

    @Test
    void aPersonsRevertFindingTheQuarantineAlreadyGoneStillReleasesTheIncident() {
        IncidentView view = new IncidentView(100, 50, 16);
        String pod = "c2-lab/target-gone-by-hand";
        var alert = Fixtures.alert("target-gone-by-hand", "n1", 1, T);
        view.onAlert(alert);
        view.onMitigation(pod, Fixtures.intentStep(alert, "inc-g", MitigationStatus.APPLIED, "cilium:quarantine",
                "D3-NTF", T.plusSeconds(1)));
        // the intent's own SKIPPED ("already applied", the alert id) and an approve's SKIPPED answer (a person's
        // request, the incident's id and intent, but no action) close nothing
        view.onMitigation(pod, Fixtures.intentStep(alert, "inc-g", MitigationStatus.SKIPPED, "cilium:quarantine",
                "D3-NTF", T.plusSeconds(2)));
        var answer = Fixtures.released("target-gone-by-hand", "inc-g", "req-person-3", T.plusSeconds(30));
        view.onMitigation(pod, new io.c2intents.events.MitigationEvent(answer.schemaVersion(), "evt-approve",
                "req-approve-1", "inc-g", MitigationStatus.SKIPPED, null, null, null, answer.target(), java.util.List.of(),
                "approve: plan evt-1 of inc-g needs no approval now (verify)", answer.intent(), false, answer.at(),
                answer.at(), 0));
        // nor does a dry run of the revert
        var skipped = withStatus(answer, MitigationStatus.SKIPPED);
        view.onMitigation(pod, withIntent(skipped, "evt-dry-skip", skipped.intent(), true));
        assertThat(view.get("inc-g").orElseThrow().status()).isEqualTo(IncidentStatus.CONTAINED);

        // the policy and label were deleted by hand before the reconcile put them back: the person's revert is
        // answered SKIPPED, and their decision closes the incident all the same
        view.onMitigation(pod, skipped);
        IncidentSnapshot released = view.get("inc-g").orElseThrow();
        assertThat(released.status()).isEqualTo(IncidentStatus.RELEASED);
        assertThat(released.quarantined()).isFalse();
        assertThat(view.infectedPods()).isEmpty();
        TimelineEntry line = released.timeline().get(released.timeline().size() - 1);
        assertThat(line.kind()).isEqualTo("released");
        assertThat(line.ref()).isEqualTo("req-person-3");
        assertThat(line.summary()).contains("operator request req-person-3", "already gone",
                "contain-and-eradicate-c2");
        assertThat(OperatorRelease.closesIncident(skipped)).isTrue();
        assertThat(OperatorRelease.closesIncident(withStatus(answer, MitigationStatus.FAILED))).isFalse();
    }

    private static io.c2intents.events.MitigationEvent withStatus(io.c2intents.events.MitigationEvent e,
            MitigationStatus status) {
        return new io.c2intents.events.MitigationEvent(e.schemaVersion(), "evt-" + status, e.requestId(),
                e.incidentId(), status, e.action(), e.technique(), e.techniqueName(), e.target(), e.objects(),
                "quarantine lifted by operator request " + e.requestId() + "; incident " + e.incidentId()
                        + " closed (it was verify), the intent " + e.intent() + " will not restore it: not quarantined",
                e.intent(), e.dryRun(), e.at(), e.startedAt(), e.durationMs());
    }

    private static io.c2intents.events.MitigationEvent withIntent(io.c2intents.events.MitigationEvent e,
            String eventId, String intent, boolean dryRun) {
        return new io.c2intents.events.MitigationEvent(e.schemaVersion(), eventId, e.requestId(), e.incidentId(),
                e.status(), e.action(), e.technique(), e.techniqueName(), e.target(), e.objects(), e.reason(), intent,
                dryRun, e.at(), e.startedAt(), e.durationMs());
    }
}
