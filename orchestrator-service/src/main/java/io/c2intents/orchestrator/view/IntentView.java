package io.c2intents.orchestrator.view;

import io.c2intents.events.SecurityIntent;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The declared intents, as the compacted {@code security-intents} topic holds them: the latest value per name,
 * a tombstone deletes. Intents are few, so all are kept.
 */
@ApplicationScoped
public class IntentView {

    private final TreeMap<String, SecurityIntent> intents = new TreeMap<>();

    public synchronized void put(SecurityIntent intent) {
        intents.put(intent.name(), intent);
    }

    public synchronized void delete(String name) {
        intents.remove(name);
    }

    public synchronized List<SecurityIntent> list() {
        return List.copyOf(intents.values());
    }

    public synchronized Optional<SecurityIntent> get(String name) {
        return Optional.ofNullable(intents.get(name));
    }
}
