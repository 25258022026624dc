package io.c2intents.mitigation.incident;

import io.c2intents.mitigation.config.MitigationConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The incidents of the pods this instance owns (the {@code c2-alerts} partitions it is assigned), open ones and
 * recently closed ones (which tell a late alert revision from a new infection). Bounded: past the limit the oldest
 * closed incidents are forgotten; open ones never are.
 */
@ApplicationScoped
public class IncidentRegistry {

    private final int capacity;
    private final LinkedHashMap<String, Incident> byId = new LinkedHashMap<>();
    private final Map<String, Incident> latestByPod = new HashMap<>();
    private final Map<String, Incident> byPlan = new HashMap<>();
    private final Set<String> answeredAlerts = new LinkedHashSet<>();

    public IncidentRegistry(MitigationConfig config) {
        this.capacity = config.intents().maxIncidents();
    }

    public synchronized void add(Incident incident) {
        byId.put(incident.id(), incident);
        latestByPod.put(incident.podKey(), incident);
        evictOverCapacity();
    }

    synchronized void planned(Incident incident, String planEventId) {
        incident.planEventId(planEventId);
        byPlan.put(planEventId, incident);
    }

    /** The pod's latest incident. */
    public synchronized Optional<Incident> latest(String podKey) {
        return Optional.ofNullable(latestByPod.get(podKey));
    }

    /** An incident by its id, its plan's event id, or its alert id (what an approve request may name). */
    public synchronized Optional<Incident> find(String reference) {
        if (reference == null) {
            return Optional.empty();
        }
        Incident incident = byId.get(reference);
        if (incident == null) {
            incident = byPlan.get(reference);
        }
        if (incident == null) {
            incident = latestByPod.values().stream().filter(i -> i.alertId().equals(reference)).findFirst()
                    .orElse(null);
        }
        return Optional.ofNullable(incident);
    }

    /** Every incident still open. */
    public synchronized List<Incident> open() {
        return byId.values().stream().filter(Incident::open).toList();
    }

    public synchronized List<Incident> all() {
        return List.copyOf(byId.values());
    }

    /** Forgets the incidents of the pods a predicate names (partitions revoked, or a rebuild about to start). */
    public synchronized int forget(Predicate<String> podKeys) {
        List<String> gone = new ArrayList<>();
        byId.values().stream().filter(i -> podKeys.test(i.podKey())).forEach(i -> gone.add(i.id()));
        gone.forEach(id -> {
            Incident incident = byId.remove(id);
            latestByPod.remove(incident.podKey(), incident);
            if (incident.planEventId() != null) {
                byPlan.remove(incident.planEventId());
            }
        });
        return gone.size();
    }

    /**
     * Records that an alert got its one answer (for those answered once per alert, like "no intent applies");
     * false when it had one already.
     */
    public synchronized boolean firstAnswer(String alertId) {
        if (!answeredAlerts.add(alertId)) {
            return false;
        }
        if (answeredAlerts.size() > capacity) {
            Iterator<String> it = answeredAlerts.iterator();
            it.next();
            it.remove();
        }
        return true;
    }

    private void evictOverCapacity() {
        Iterator<Incident> it = byId.values().iterator();
        while (byId.size() > capacity && it.hasNext()) {
            Incident oldest = it.next();
            if (oldest.open()) {
                continue;
            }
            it.remove();
            latestByPod.remove(oldest.podKey(), oldest);
            if (oldest.planEventId() != null) {
                byPlan.remove(oldest.planEventId());
            }
        }
    }
}
