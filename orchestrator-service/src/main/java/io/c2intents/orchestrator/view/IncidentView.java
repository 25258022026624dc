package io.c2intents.orchestrator.view;

import io.c2intents.events.C2Alert;
import io.c2intents.events.MitigationEvent;
import io.c2intents.events.MitigationMode;
import io.c2intents.events.MitigationRequest;
import io.c2intents.events.MitigationStatus;
import io.c2intents.events.OperatorRelease;
import io.c2intents.events.PodKey;
import io.c2intents.events.Target;
import io.c2intents.orchestrator.config.OrchestratorConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Incidents: one per pod under attack, grouping its alerts, the requests sent by hand and every mitigation step
 * into a timeline. Alerts and steps come from different topics, so they may arrive in any order (a rebuild reads
 * each topic from its start); an alert joins the pod's latest incident unless that incident was resolved or
 * released before the alert's newest flow, which is a new infection.
 * <p>
 * A person's revert of the quarantine an open incident held closes it RELEASED: the mitigation service answers it
 * with a step {@link OperatorRelease} recognises, and the timeline gets a {@code released} line naming the request.
 * <p>
 * The view knows the cluster only through {@link #podsGone}: an infected pod the Kubernetes API no longer has
 * (checked by {@code PodPresence}) turns its incident GONE, history that no longer counts as infected. A new alert
 * revision for a pod whose incident is GONE is a live pod of that name again, so it opens a new incident.
 */
@ApplicationScoped
public class IncidentView {

    private final int capacity;
    private final int timelineCapacity;
    private final int streamBuffer;
    /** Insertion-ordered by last update, so the least recently updated incident is evicted first. */
    private final LinkedHashMap<String, Incident> incidents = new LinkedHashMap<>(64, 0.75f, false);
    private final Map<String, String> aliases = new HashMap<>();
    private final Map<String, String> latestByPod = new HashMap<>();
    private final Map<String, Integer> incidentsPerPod = new HashMap<>();
    /** Request id to the incident its request joined, for steps that name no pod; bounded with the incidents. */
    private final Map<String, String> requestIncidents = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > capacity * 16;
        }
    };
    private final BroadcastProcessor<IncidentSnapshot> live = BroadcastProcessor.create();
    private volatile Set<String> infected = Set.of();
    /** Counts changes: a presence check only marks incidents that did not change since it started. */
    private long changes;

    @Inject
    public IncidentView(OrchestratorConfig config) {
        this(config.incidentCapacity(), config.timelineCapacity(), config.streamBuffer());
    }

    IncidentView(int capacity, int timelineCapacity, int streamBuffer) {
        this.capacity = capacity;
        this.timelineCapacity = timelineCapacity;
        this.streamBuffer = streamBuffer;
    }

    /** Adds an alert (any revision) to its pod's incident. */
    public void onAlert(C2Alert alert) {
        IncidentSnapshot changed;
        synchronized (this) {
            String podKey = alert.pod().key();
            Incident incident = latest(podKey);
            if (incident == null || incident.closedBefore(alert.lastSeen())
                    || (incident.goneAt != null && incident.isNewEvidence(alert))) {
                incident = open(podKey, null, alert.detectedAt());
            }
            incident.addAlert(alert);
            changed = touch(incident);
        }
        live.onNext(changed);
    }

    /** Adds a request the orchestrator (or anyone) sent to the mitigation service. */
    public void onRequest(String key, MitigationRequest request) {
        String podKey = podKey(key, request.target());
        if (podKey == null) {
            return;
        }
        IncidentSnapshot changed;
        synchronized (this) {
            Incident incident = find(request.incidentId()).orElseGet(() -> latest(podKey));
            if (incident == null) {
                // a request for a pod no alert named: it still gets a timeline of its own
                incident = open(podKey, request.incidentId(), request.requestedAt());
            }
            if (!incident.addRequest(request)) {
                return; // the same request read again
            }
            requestIncidents.put(request.requestId(), incident.id);
            changed = touch(incident);
        }
        live.onNext(changed);
    }

    /** Adds a mitigation step. */
    public void onMitigation(String key, MitigationEvent event) {
        String podKey = podKey(key, event.target());
        if (podKey == null) {
            onStepWithoutPod(event);
            return;
        }
        IncidentSnapshot changed;
        synchronized (this) {
            Incident incident = find(event.incidentId()).orElse(null);
            if (incident == null) {
                incident = latest(podKey);
                if (incident == null) {
                    incident = open(podKey, event.incidentId(), event.startedAt() != null ? event.startedAt() : event.at());
                } else if (event.incidentId() != null && !event.incidentId().equals(incident.id)) {
                    incident.aliases.add(event.incidentId());
                    aliases.put(event.incidentId(), incident.id);
                }
            }
            if (!incident.addStep(event)) {
                return; // the same step read again
            }
            changed = touch(incident);
        }
        live.onNext(changed);
    }

    /**
     * A step that names no pod (a request the mitigation service rejected before resolving its target): it joins
     * the incident of its request, so the reason shows where the request does.
     */
    private void onStepWithoutPod(MitigationEvent event) {
        IncidentSnapshot changed;
        synchronized (this) {
            Incident incident = find(event.incidentId()).orElseGet(() -> {
                String id = requestIncidents.get(event.requestId());
                return id == null ? null : find(id).orElse(null);
            });
            if (incident == null || !incident.addStep(event)) {
                return;
            }
            changed = touch(incident);
        }
        live.onNext(changed);
    }

    /** Every incident, most recently updated first. */
    public synchronized List<IncidentSnapshot> list() {
        List<IncidentSnapshot> result = new ArrayList<>(incidents.size());
        for (Incident incident : incidents.values()) {
            result.add(incident.snapshot());
        }
        Collections.reverse(result);
        return result;
    }

    /** One incident by its id or any alias. */
    public synchronized Optional<IncidentSnapshot> get(String id) {
        return find(id).map(Incident::snapshot);
    }

    /** The latest incident of a pod. */
    public synchronized Optional<IncidentSnapshot> ofPod(String podKey) {
        return Optional.ofNullable(latest(podKey)).map(Incident::snapshot);
    }

    /**
     * Pod keys whose latest incident is OPEN or CONTAINED: the infected pods. Kept as an immutable copy refreshed on
     * every change, because every flow shown or streamed asks for it.
     */
    public Set<String> infectedPods() {
        return infected;
    }

    private void refreshInfected() {
        Set<String> result = new LinkedHashSet<>();
        for (Incident incident : incidents.values()) {
            if (incident.status().infected() && incident.id.equals(latestByPod.get(incident.podKey))) {
                result.add(incident.podKey);
            }
        }
        infected = Set.copyOf(result);
    }

    /** The incidents whose pod counts as infected (OPEN or CONTAINED), most recently updated first. */
    public List<IncidentSnapshot> open() {
        return list().stream().filter(i -> i.status().infected()).toList();
    }

    /**
     * Where a presence check starts: take this before asking the Kubernetes API, and pass it to {@link #podsGone}
     * so that an incident that changed meanwhile (a new alert for a pod created after the API answered) is left
     * for the next check.
     */
    public synchronized long changeCount() {
        return changes;
    }

    /**
     * Marks GONE the infected incidents of pods the Kubernetes API does not have, unless they changed since
     * {@code checkStartedAt} (a {@link #changeCount()}). Each gets a {@code gone} line in its timeline; its alerts
     * and steps stay.
     *
     * @param podKeys {@code namespace/pod} keys the API answered it does not know
     * @param checkStartedAt {@link #changeCount()} taken before the API was asked
     * @param at when the API was asked
     * @return the pod keys whose incidents were marked
     */
    public Set<String> podsGone(Set<String> podKeys, long checkStartedAt, Instant at) {
        List<IncidentSnapshot> changed = new ArrayList<>();
        synchronized (this) {
            for (String podKey : podKeys) {
                Incident incident = latest(podKey);
                if (incident == null || !incident.status().infected() || incident.changedAt > checkStartedAt) {
                    continue;
                }
                incident.markGone(at);
                changed.add(touch(incident));
            }
        }
        changed.forEach(live::onNext);
        Set<String> marked = new LinkedHashSet<>();
        changed.forEach(i -> marked.add(i.pod()));
        return marked;
    }

    /** Incidents as they change. */
    public Multi<IncidentSnapshot> stream() {
        return LiveFeed.bounded(live, streamBuffer);
    }

    private Optional<Incident> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Incident direct = incidents.get(id);
        if (direct != null) {
            return Optional.of(direct);
        }
        String target = aliases.get(id);
        return Optional.ofNullable(target == null ? null : incidents.get(target));
    }

    private Incident latest(String podKey) {
        String id = latestByPod.get(podKey);
        return id == null ? null : incidents.get(id);
    }

    private Incident open(String podKey, String id, Instant at) {
        int n = incidentsPerPod.merge(podKey, 1, Integer::sum);
        String incidentId = id != null ? id
                : "inc-" + PodKey.namespace(podKey) + "-" + PodKey.pod(podKey) + "-" + n;
        Incident incident = new Incident(incidentId, podKey, at == null ? Instant.now() : at, timelineCapacity);
        incidents.put(incidentId, incident);
        latestByPod.put(podKey, incidentId);
        evictOverCapacity();
        return incident;
    }

    private IncidentSnapshot touch(Incident incident) {
        // re-inserting moves it to the end: the map stays ordered by last update
        incidents.remove(incident.id);
        incidents.put(incident.id, incident);
        incident.changedAt = ++changes;
        refreshInfected();
        return incident.snapshot();
    }

    private void evictOverCapacity() {
        Iterator<Incident> it = incidents.values().iterator();
        while (incidents.size() > capacity && it.hasNext()) {
            Incident oldest = it.next();
            it.remove();
            oldest.aliases.forEach(aliases::remove);
            latestByPod.remove(oldest.podKey, oldest.id);
        }
    }

    /** The pod an event is about: the record key, else a pod target. */
    static String podKey(String key, Target target) {
        if (key != null && key.indexOf('/') > 0) {
            return key;
        }
        if (target != null && target.namespace() != null && target.kind() == io.c2intents.events.TargetKind.POD) {
            return PodKey.of(target.namespace(), target.name());
        }
        return null;
    }

    static String describe(Target target) {
        if (target == null) {
            return null;
        }
        String kind = target.kind() == null ? "" : target.kind().name().toLowerCase() + " ";
        return kind + (target.namespace() == null ? "" : target.namespace() + "/") + target.name();
    }

    /** Mutable state of one incident; only touched under the view's lock. */
    private static final class Incident {
        final String id;
        final String podKey;
        final Set<String> aliases = new LinkedHashSet<>();
        final Map<String, Integer> alertRevisions = new HashMap<>();
        /** Request and event ids already in the timeline: a record read twice adds nothing. */
        final Set<String> seen = new java.util.HashSet<>();
        final Set<String> destinations = new LinkedHashSet<>();
        final ArrayDeque<TimelineEntry> timeline = new ArrayDeque<>();
        final int timelineCapacity;
        final Instant openedAt;
        Instant updatedAt;
        String node;
        String workload;
        boolean quarantined;
        boolean evicted;
        boolean removed;
        boolean eradicated;
        Instant resolvedAt;
        /** When a person's revert request closed the incident ({@link OperatorRelease}); null while it did not. */
        Instant releasedAt;
        /** When the Kubernetes API was found not to have the pod; null while it has it or was not asked. */
        Instant goneAt;
        /** The view's change count at this incident's latest change. */
        long changedAt;

        Incident(String id, String podKey, Instant openedAt, int timelineCapacity) {
            this.id = id;
            this.podKey = podKey;
            this.openedAt = openedAt;
            this.updatedAt = openedAt;
            this.timelineCapacity = timelineCapacity;
        }

        IncidentStatus status() {
            // the mitigation service's own close wins: a person may release an incident whose pod a step removed
            // while its removal was still being verified
            if (releasedAt != null) {
                return IncidentStatus.RELEASED;
            }
            if (removed || eradicated) {
                return IncidentStatus.RESOLVED;
            }
            if (goneAt != null) {
                return IncidentStatus.GONE;
            }
            return quarantined ? IncidentStatus.CONTAINED : IncidentStatus.OPEN;
        }

        /** Whether the incident was resolved or released before this flow time: C2 after it is a new infection. */
        boolean closedBefore(Instant flowTime) {
            Instant closedAt = switch (status()) {
                case RESOLVED -> resolvedAt;
                case RELEASED -> releasedAt;
                default -> null;
            };
            return closedAt != null && flowTime != null && flowTime.isAfter(closedAt);
        }

        /** An alert id or revision this incident has not seen: C2 evidence newer than what it holds. */
        boolean isNewEvidence(C2Alert alert) {
            Integer known = alertRevisions.get(alert.id());
            return known == null || known < alert.revision();
        }

        void markGone(Instant at) {
            goneAt = at;
            add(new TimelineEntry(at, "gone", IncidentStatus.GONE.name(), null, null, "pod " + podKey,
                    "pod " + podKey + " no longer exists in the cluster: not infected any more; the timeline is "
                            + "kept as history", "gone " + podKey, false));
            updatedAt = max(updatedAt, at);
        }

        private void markReleased(MitigationEvent event) {
            releasedAt = event.at() != null ? event.at() : Instant.now();
            String lifted = event.status() == MitigationStatus.SKIPPED
                    ? "the quarantine was already gone when they asked to lift it (deleted by hand)"
                    : "the quarantine was lifted at their request";
            add(new TimelineEntry(releasedAt, "released", IncidentStatus.RELEASED.name(), event.technique(),
                    event.action(), describe(event.target()), "closed by operator request " + event.requestId()
                            + ": " + lifted + " and the intent " + event.intent()
                            + " will not restore it; the pod no longer counts as infected", event.requestId(), false));
        }

        void addAlert(C2Alert alert) {
            Integer known = alertRevisions.get(alert.id());
            if (known != null && known >= alert.revision()) {
                return;
            }
            alertRevisions.put(alert.id(), alert.revision());
            destinations.add(alert.destination());
            if (alert.pod().node() != null) {
                node = alert.pod().node();
            }
            if (alert.pod().owner() != null) {
                workload = alert.pod().owner().kind() + "/" + alert.pod().owner().name();
            }
            if (known == null) {
                add(new TimelineEntry(alert.detectedAt(), "alert", alert.detector() == null ? null
                        : alert.detector().name().toLowerCase(), null, null, "pod " + podKey,
                        alert.reason() != null ? alert.reason()
                                : "C2 contact with " + alert.destination() + " (" + alert.attackTechnique() + ")",
                        alert.id(), false));
            }
            updatedAt = max(updatedAt, alert.detectedAt());
        }

        boolean addRequest(MitigationRequest request) {
            if (!seen.add("request " + request.requestId())) {
                return false;
            }
            String what = request.action() != null ? request.action() : request.technique();
            String summary = request.mode() == MitigationMode.APPROVE || request.mode() == MitigationMode.REVERT
                    ? request.mode().name().toLowerCase() + " of " + request.reference() + " requested"
                    : what + " on " + describe(request.target()) + " requested"
                            + (request.requestedBy() == null ? "" : " by " + request.requestedBy());
            add(new TimelineEntry(request.requestedAt(), "request", request.mode().name().toLowerCase(),
                    request.technique(), request.action(), describe(request.target()), summary,
                    request.requestId(), request.mode() == MitigationMode.DRY_RUN));
            updatedAt = max(updatedAt, request.requestedAt());
            return true;
        }

        boolean addStep(MitigationEvent event) {
            if (!seen.add("event " + event.eventId())) {
                return false;
            }
            add(new TimelineEntry(event.at(), "mitigation", event.status().name(), event.technique(), event.action(),
                    describe(event.target()), event.reason(), event.eventId(), event.dryRun()));
            updatedAt = max(updatedAt, event.at());
            if (event.dryRun()) {
                return true;
            }
            boolean took = event.status() == MitigationStatus.APPLIED || event.status() == MitigationStatus.VERIFIED;
            String technique = Techniques.of(event.action(), event.technique());
            switch (technique == null ? "" : technique) {
                case Techniques.NTF -> {
                    if (took) {
                        quarantined = true;
                    } else if (event.status() == MitigationStatus.REVERTED) {
                        quarantined = false;
                    }
                }
                case Techniques.FEV -> {
                    if (took) {
                        evicted = true;
                    }
                    if (event.status() == MitigationStatus.VERIFIED) {
                        eradicated = true;
                    }
                }
                case Techniques.PT, Techniques.EDL, Techniques.HS -> {
                    if (took) {
                        removed = true;
                    }
                }
                default -> {
                    // an action this view does not know: it shows in the timeline only
                }
            }
            if (status() == IncidentStatus.RESOLVED && resolvedAt == null) {
                resolvedAt = event.at();
            }
            if (releasedAt == null && OperatorRelease.closesIncident(event)) {
                markReleased(event);
            }
            return true;
        }

        private void add(TimelineEntry entry) {
            timeline.addLast(entry);
            // keep the first line (how it started) and the most recent ones
            while (timeline.size() > timelineCapacity && timeline.size() > 1) {
                TimelineEntry first = timeline.pollFirst();
                timeline.pollFirst();
                timeline.addFirst(first);
            }
        }

        IncidentSnapshot snapshot() {
            List<TimelineEntry> lines = new ArrayList<>(timeline);
            lines.sort(Comparator.comparing(TimelineEntry::at, Comparator.nullsLast(Comparator.naturalOrder())));
            return new IncidentSnapshot(id, Set.copyOf(aliases), podKey, PodKey.namespace(podKey), PodKey.pod(podKey),
                    node, workload, status(), quarantined && status().infected(), evicted, Set.copyOf(destinations), alertRevisions.size(),
                    openedAt, updatedAt, List.copyOf(lines));
        }

        private static Instant max(Instant a, Instant b) {
            if (a == null) {
                return b;
            }
            return b == null || a.isAfter(b) ? a : b;
        }
    }
}
