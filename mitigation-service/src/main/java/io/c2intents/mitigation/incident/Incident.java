package io.c2intents.mitigation.incident;

import io.c2intents.events.C2Alert;
import io.c2intents.events.MitigationRequest;
import io.c2intents.events.PodKey;
import io.c2intents.events.SecurityIntent;
import io.c2intents.events.Target;
import io.c2intents.mitigation.planner.IncidentPlan;
import io.c2intents.mitigation.planner.TechniqueOption;
import io.c2intents.mitigation.service.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One pod under attack, handled by one intent: its plan, where it stands, and the flow times its windows count
 * from. Everything a restart needs is on the topics (the alert on {@code c2-alerts}, every step on
 * {@code mitigation-events}); the flow times are not, so after a restart windows start again from the first flow seen
 * (longer, never shorter). Mutable; guarded by its own monitor.
 */
public final class Incident {

    /**
     * A person's revert request for the quarantine the incident holds, waiting for its turn in the runner.
     *
     * @param request the revert request
     * @param answered completed with the outcome once the event answering the request is written
     */
    record Release(MitigationRequest request, CompletableFuture<Outcome> answered) {
    }

    private final String id;
    private final String podKey;
    private final Target target;
    private final String intentName;
    private C2Alert alert;
    private IncidentPlan plan;
    private TechniqueOption containment;
    private Phase phase;
    private String planEventId;
    private boolean contained;
    private boolean restoreNeeded;
    private boolean durationLifted;
    private int level;
    private Instant verifyFrom;
    private Instant containedFrom;
    private Instant eradicatedAt;
    private Instant closedAtFlowTime;
    private boolean busy;
    private boolean pending;
    private boolean parked;
    private boolean durationDue;
    private String verifiedDue;
    private String cameBack;
    private int flowPartition = -1;
    private Release releaseDue;

    Incident(String id, C2Alert alert, String intentName, IncidentPlan plan, Phase phase) {
        this.id = id;
        this.alert = alert;
        this.podKey = alert.pod().key();
        this.target = Target.pod(alert.pod().namespace(), alert.pod().name());
        this.intentName = intentName;
        this.plan = plan;
        this.containment = plan == null ? null : plan.containment();
        this.phase = phase;
    }

    /** A new incident id: readable, and unique even when the same pod is infected again. */
    static String newId(C2Alert alert) {
        String pod = alert.pod().namespace() + "-" + alert.pod().name();
        if (pod.length() > 100) {
            pod = pod.substring(0, 100);
        }
        return "inc-" + pod + "-" + Long.toString(System.currentTimeMillis(), 36)
                + Integer.toString(java.util.concurrent.ThreadLocalRandom.current().nextInt(36 * 36), 36);
    }

    public String id() {
        return id;
    }

    public String podKey() {
        return podKey;
    }

    public String namespace() {
        return PodKey.namespace(podKey);
    }

    public String podName() {
        return PodKey.pod(podKey);
    }

    public Target target() {
        return target;
    }

    public String intentName() {
        return intentName;
    }

    public synchronized C2Alert alert() {
        return alert;
    }

    public String alertId() {
        return alert.id();
    }

    /** The C2 address: the alert's destination. */
    public synchronized String c2Address() {
        return alert.destination();
    }

    /** Keeps the newest revision of the incident's alert (other alerts of the pod leave it alone). */
    synchronized void noteAlert(C2Alert newer) {
        if (newer.id().equals(alert.id()) && newer.revision() > alert.revision()) {
            alert = newer;
        }
    }

    public synchronized IncidentPlan plan() {
        return plan;
    }

    synchronized void plan(IncidentPlan plan) {
        this.plan = plan;
        if (plan != null && plan.containment() != null) {
            this.containment = plan.containment();
        }
    }

    public synchronized Optional<SecurityIntent> intent() {
        return Optional.ofNullable(plan).map(IncidentPlan::intent);
    }

    /** The containment technique applied (known from the plan, or from the events after a restart). */
    public synchronized TechniqueOption containment() {
        return containment;
    }

    synchronized void containment(TechniqueOption containment) {
        this.containment = containment;
    }

    public synchronized Phase phase() {
        return phase;
    }

    /** Moves the incident on; a RELEASED incident stays so (a person closed it, no step may reopen it). */
    synchronized void phase(Phase phase) {
        if (this.phase != Phase.RELEASED) {
            this.phase = phase;
        }
    }

    public synchronized boolean open() {
        return phase.open();
    }

    public synchronized String planEventId() {
        return planEventId;
    }

    synchronized void planEventId(String planEventId) {
        this.planEventId = planEventId;
    }

    /** True while the containment is in place and must stay (restored if someone deletes it). */
    public synchronized boolean contained() {
        return contained;
    }

    synchronized void contained(boolean contained) {
        this.contained = contained;
        if (!contained) {
            restoreNeeded = false;
        }
    }

    synchronized boolean restoreNeeded() {
        return restoreNeeded;
    }

    synchronized void restoreNeeded(boolean restoreNeeded) {
        this.restoreNeeded = restoreNeeded && contained;
    }

    synchronized boolean durationLifted() {
        return durationLifted;
    }

    synchronized void durationLifted(boolean durationLifted) {
        this.durationLifted = durationLifted;
    }

    /** The eradication level applied or to apply: 0 is the plan's first choice, each escalation adds one. */
    public synchronized int level() {
        return level;
    }

    synchronized void level(int level) {
        this.level = level;
    }

    /** Flow time verification counts from: the first flow seen after the eradication, or null before it. */
    public synchronized Instant verifyFrom() {
        return verifyFrom;
    }

    synchronized void verifyFrom(Instant verifyFrom) {
        this.verifyFrom = verifyFrom;
    }

    synchronized Instant containedFrom() {
        return containedFrom;
    }

    synchronized void containedFrom(Instant containedFrom) {
        this.containedFrom = containedFrom;
    }

    /** Wall time of the eradication (for the VERIFIED event's start). */
    synchronized Instant eradicatedAt() {
        return eradicatedAt;
    }

    synchronized void eradicatedAt(Instant eradicatedAt) {
        this.eradicatedAt = eradicatedAt;
    }

    /** Flow time the incident closed at; alerts on flows after it are a new infection. */
    public synchronized Instant closedAtFlowTime() {
        return closedAtFlowTime;
    }

    synchronized void closedAtFlowTime(Instant closedAtFlowTime) {
        this.closedAtFlowTime = closedAtFlowTime;
    }

    /**
     * Claims the incident for its runner; false when a runner is already at it, which then looks again before it
     * lets go (so a change made meanwhile is never missed).
     */
    synchronized boolean claim() {
        if (busy) {
            pending = true;
            return false;
        }
        busy = true;
        pending = false;
        return true;
    }

    /** Lets go unless something changed since the runner last looked; then it must look again (false). */
    synchronized boolean releaseIfIdle() {
        if (pending) {
            pending = false;
            return false;
        }
        busy = false;
        return true;
    }

    synchronized boolean busy() {
        return busy;
    }

    /** A step failed in a way worth retrying later: the runner leaves it to the next reconcile tick. */
    synchronized boolean parked() {
        return parked;
    }

    synchronized void parked(boolean parked) {
        this.parked = parked;
    }

    synchronized boolean durationDue() {
        return durationDue;
    }

    synchronized void durationDue(boolean durationDue) {
        this.durationDue = durationDue;
    }

    /** What the flows showed when the verification window passed clean, or null. */
    synchronized String verifiedDue() {
        return verifiedDue;
    }

    synchronized void verifiedDue(String verifiedDue) {
        this.verifiedDue = verifiedDue;
    }

    /** The C2 attempt seen after the eradication, or null. */
    synchronized String cameBack() {
        return cameBack;
    }

    synchronized void cameBack(String cameBack) {
        this.cameBack = cameBack;
    }

    /** A person's revert request waiting to run as the incident's next step, or null. */
    synchronized Release releaseDue() {
        return releaseDue;
    }

    synchronized void releaseDue(Release releaseDue) {
        this.releaseDue = releaseDue;
    }

    /** The {@code hubble-flows} partition the pod's flows were seen on, or -1. */
    public synchronized int flowPartitionKnown() {
        return flowPartition;
    }

    /** Notes the {@code hubble-flows} partition a flow of the pod came on: its windows run on that partition's time. */
    public synchronized void flowPartitionSeen(int flowPartition) {
        this.flowPartition = flowPartition;
    }

    /** Flow time at which eradication counts as verified, or null while verification has not started. */
    synchronized Instant verificationDeadline() {
        if (phase != Phase.VERIFY || verifyFrom == null || plan == null) {
            return null;
        }
        return verifyFrom.plus(plan.intent().verificationWindow());
    }

    /** Flow time at which the intent's duration lifts the containment, or null. */
    synchronized Instant durationDeadline() {
        Duration duration = plan == null ? null : plan.intent().duration();
        if (duration == null || !contained || durationLifted || containedFrom == null) {
            return null;
        }
        return containedFrom.plus(duration);
    }

    @Override
    public synchronized String toString() {
        return id + " (" + podKey + ", " + intentName + ", " + phase + (contained ? ", contained" : "") + ")";
    }
}
