package io.c2intents.mitigation.intent;

import io.c2intents.events.C2Alert;
import io.c2intents.events.SecurityIntent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The intents declared on {@code security-intents}, as this instance last read them. The topic is compacted and
 * keyed by name, so the newest record of a name is the declaration and a null value withdraws it. Records may be
 * read twice (the start-up read, then the channel from the beginning): an older record of a name never replaces a
 * newer one.
 */
@ApplicationScoped
public class IntentCatalogue {

    private record Declared(SecurityIntent intent, long offset) {
    }

    private final Map<String, Declared> byName = new TreeMap<>();
    private final Map<String, Long> withdrawnAt = new TreeMap<>();
    private final CompletableFuture<Void> loaded = new CompletableFuture<>();
    private final Map<Integer, Long> startupEnd = new java.util.concurrent.ConcurrentHashMap<>();

    /** Records a declaration (or, with a null intent, a withdrawal) read at {@code offset}. */
    public synchronized boolean apply(String name, long offset, SecurityIntent intent) {
        long newest = Math.max(byName.containsKey(name) ? byName.get(name).offset() : -1,
                withdrawnAt.getOrDefault(name, -1L));
        if (offset < newest) {
            return false;
        }
        if (intent == null) {
            byName.remove(name);
            withdrawnAt.put(name, offset);
        } else {
            byName.put(name, new Declared(intent, offset));
            withdrawnAt.remove(name);
        }
        return true;
    }

    public synchronized Optional<SecurityIntent> find(String name) {
        return Optional.ofNullable(byName.get(name)).map(Declared::intent);
    }

    /** Every declared intent, by name. */
    public synchronized List<SecurityIntent> all() {
        return byName.values().stream().map(Declared::intent).toList();
    }

    /** Whether the topic holds the name, declared or withdrawn (a withdrawal is a decision too). */
    public synchronized boolean knows(String name) {
        return byName.containsKey(name) || withdrawnAt.containsKey(name);
    }

    /** Notes a record the start-up read saw, so the channel does not judge it a second time. */
    public void readUpTo(int partition, long offset) {
        startupEnd.merge(partition, offset, Math::max);
    }

    /** Whether the start-up read already saw the record at this partition and offset. */
    public boolean readAtStartup(int partition, long offset) {
        Long end = startupEnd.get(partition);
        return end != null && offset <= end;
    }

    /** Completes once the topic has been read to its end at start-up; alerts wait for it. */
    public Uni<Void> loaded() {
        return Uni.createFrom().completionStage(loaded);
    }

    public boolean isLoaded() {
        return loaded.isDone() && !loaded.isCompletedExceptionally();
    }

    public void markLoaded() {
        loaded.complete(null);
    }

    /**
     * The intent that handles an alert: among those whose trigger and scope match, the most specific (label
     * selector, then namespaces), then the first by name.
     */
    public synchronized Optional<SecurityIntent> match(C2Alert alert) {
        return byName.values().stream().map(Declared::intent).filter(i -> mismatch(i, alert).isEmpty())
                .min(Comparator.comparingInt(IntentCatalogue::specificity).reversed()
                        .thenComparing(SecurityIntent::name));
    }

    /** Why no intent handles an alert, in words. */
    public synchronized String whyNone(C2Alert alert) {
        if (byName.isEmpty()) {
            return "no intent is declared";
        }
        List<String> reasons = new ArrayList<>();
        byName.values().forEach(d -> mismatch(d.intent(), alert).ifPresent(r -> reasons.add(d.intent().name() + ": "
                + r)));
        return "no intent applies (" + String.join("; ", reasons) + ")";
    }

    /** Why an intent does not apply to an alert, or empty when it does. */
    public static Optional<String> mismatch(SecurityIntent intent, C2Alert alert) {
        SecurityIntent.Trigger trigger = intent.trigger();
        if (trigger != null) {
            if (!trigger.detectors().isEmpty() && !trigger.detectors().contains(alert.detector())) {
                return Optional.of("detector " + alert.detector().name().toLowerCase() + " not among its detectors");
            }
            if (alert.score() < trigger.minScore()) {
                return Optional.of("score " + alert.score() + " below " + trigger.minScore());
            }
            if (!trigger.attackTechniques().isEmpty() && trigger.attackTechniques().stream()
                    .noneMatch(t -> t.equals(alert.attackTechnique()) || (alert.attackTechnique() != null
                            && alert.attackTechnique().startsWith(t + ".")))) {
                return Optional.of("ATT&CK " + alert.attackTechnique() + " not among " + trigger.attackTechniques());
            }
        }
        SecurityIntent.Scope scope = intent.scope();
        if (scope != null) {
            String namespace = alert.pod().namespace();
            if (scope.excludedNamespaces().contains(namespace)) {
                return Optional.of("namespace " + namespace + " excluded");
            }
            if (!scope.namespaces().isEmpty() && !scope.namespaces().contains(namespace)) {
                return Optional.of("namespace " + namespace + " out of scope");
            }
            for (Map.Entry<String, String> label : scope.selector().entrySet()) {
                if (!label.getValue().equals(alert.pod().labels().get(label.getKey()))) {
                    return Optional.of("pod labels do not match " + label.getKey() + "=" + label.getValue());
                }
            }
        }
        return Optional.empty();
    }

    private static int specificity(SecurityIntent intent) {
        SecurityIntent.Scope scope = intent.scope();
        return scope == null ? 0 : scope.selector().size() * 2 + (scope.namespaces().isEmpty() ? 0 : 1);
    }
}
