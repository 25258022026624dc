package io.c2intents.mitigation.service;

import io.c2intents.events.Target;
import io.c2intents.mitigation.config.MitigationConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The actions this instance applied, by the request id that asked for them, so a revert may name an apply by its
 * {@code reference} alone. Bounded (oldest forgotten first). What revert needs to undo an action lives on the
 * cluster (labels, annotations), not here: this is only the index from a request id to an action and a target.
 */
@ApplicationScoped
public class AppliedActions {

    /**
     * One applied action.
     *
     * @param action registry address
     * @param target what it acted on
     * @param parameters its parameters as requested
     */
    public record Applied(String action, Target target, Map<String, String> parameters) {
    }

    private final Map<String, Applied> byRequest;

    public AppliedActions(MitigationConfig config) {
        int capacity = config.ledgerSize();
        byRequest = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Applied> eldest) {
                return size() > capacity;
            }
        };
    }

    public synchronized void record(String requestId, Applied applied) {
        byRequest.put(requestId, applied);
    }

    public synchronized Optional<Applied> find(String requestId) {
        return Optional.ofNullable(byRequest.get(requestId));
    }
}
