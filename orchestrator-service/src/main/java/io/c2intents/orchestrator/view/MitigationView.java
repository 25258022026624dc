package io.c2intents.orchestrator.view;

import io.c2intents.events.MitigationEvent;
import io.c2intents.events.Target;
import io.c2intents.orchestrator.config.OrchestratorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Mitigation steps grouped into mitigations (one action on one target for one request), so approve and revert
 * can name what they mean and be refused with 404 when nobody ever planned it.
 */
@ApplicationScoped
public class MitigationView {

    private final BoundedMap<String, Group> groups;
    private final Map<String, String> byEventId = new HashMap<>();

    public MitigationView(OrchestratorConfig config) {
        this.groups = new BoundedMap<>(config.mitigationCapacity()) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Group> eldest) {
                boolean evict = super.removeEldestEntry(eldest);
                if (evict) {
                    eldest.getValue().eventIds.forEach(byEventId::remove);
                }
                return evict;
            }
        };
    }

    public synchronized void add(String key, MitigationEvent event) {
        String groupKey = event.requestId() + "|" + event.action() + "|" + IncidentView.describe(event.target());
        Group group = groups.get(groupKey);
        if (group == null) {
            group = new Group(event.eventId(), event.requestId(), event.incidentId(), IncidentView.podKey(key,
                    event.target()), event.action(), event.technique(), event.target(), event.intent());
        }
        if (group.eventIds.contains(event.eventId())) {
            return;
        }
        group.eventIds.add(event.eventId());
        group.last = event;
        groups.write(groupKey, group);
        byEventId.put(event.eventId(), groupKey);
    }

    /** A mitigation by its id, any of its event ids, or its request id. */
    public synchronized Optional<MitigationSnapshot> get(String id) {
        String groupKey = byEventId.get(id);
        if (groupKey != null) {
            return Optional.ofNullable(groups.get(groupKey)).map(Group::snapshot);
        }
        return groups.values().stream().filter(g -> id.equals(g.requestId)).reduce((a, b) -> b)
                .map(Group::snapshot);
    }

    /** Mitigations, most recently updated first. */
    public synchronized List<MitigationSnapshot> list(int limit) {
        List<MitigationSnapshot> result = new ArrayList<>();
        for (Group group : groups.values()) {
            result.add(group.snapshot());
        }
        Collections.reverse(result);
        return result.size() > limit ? result.subList(0, limit) : result;
    }

    private static final class Group {
        final String id;
        final String requestId;
        final String incidentId;
        final String pod;
        final String action;
        final String technique;
        final Target target;
        final String intent;
        final List<String> eventIds = new ArrayList<>();
        MitigationEvent last;

        Group(String id, String requestId, String incidentId, String pod, String action, String technique,
                Target target, String intent) {
            this.id = id;
            this.requestId = requestId;
            this.incidentId = incidentId;
            this.pod = pod;
            this.action = action;
            this.technique = technique;
            this.target = target;
            this.intent = intent;
        }

        MitigationSnapshot snapshot() {
            Instant at = last.at();
            return new MitigationSnapshot(id, requestId, incidentId, pod, action, technique, target, intent,
                    last.status(), last.dryRun(), at, List.copyOf(eventIds), last.reason());
        }
    }
}
