package io.c2intents.mitigation.intent;

import io.c2intents.events.MitigationRules;
import io.c2intents.events.SecurityIntent;
import io.c2intents.mitigation.action.ActionParameters;
import io.c2intents.mitigation.action.ActionRegistry;
import io.c2intents.mitigation.action.InvalidRequest;
import io.c2intents.mitigation.action.MitigationAction;
import io.c2intents.mitigation.planner.NoPlan;
import io.c2intents.mitigation.planner.Planner;
import io.c2intents.mitigation.planner.TechniqueOption;
import io.c2intents.mitigation.planner.TechniqueTable;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a declared intent beyond its JSON Schema, once, when it is read: every technique known, the goal reachable
 * with them, parameters valid for the actions they name, windows positive, the record keyed by the intent's name.
 * An intent that passes can always be planned for an alert whose ATT&amp;CK technique its techniques counter.
 */
@ApplicationScoped
public class IntentChecker {

    /** Used when an intent names no verification window: two periods of a per-minute cron. */
    public static final Duration DEFAULT_VERIFICATION_WINDOW = Duration.ofMinutes(2);

    private final TechniqueTable techniques;
    private final ActionRegistry registry;
    private final Planner planner;

    public IntentChecker(TechniqueTable techniques, ActionRegistry registry, Planner planner) {
        this.techniques = techniques;
        this.registry = registry;
        this.planner = planner;
    }

    /**
     * Checks an intent and fills in its defaults.
     *
     * @param key the record key (the intent's name), or null when it has none
     * @throws InvalidIntent naming every problem
     */
    public SecurityIntent check(String key, SecurityIntent intent) {
        List<String> problems = new ArrayList<>();
        if (key != null && !key.equals(intent.name())) {
            problems.add("record key '" + shorten(key) + "' is not the intent's name '" + intent.name() + "'");
        }
        Set<String> actions = new LinkedHashSet<>();
        Map<String, Map<String, String>> fixed = new HashMap<>();
        for (String id : intent.techniques()) {
            techniques.find(id).ifPresentOrElse(t -> {
                actions.add(t.action());
                fixed.computeIfAbsent(t.action(), a -> new HashMap<>()).putAll(t.parameters());
            }, () -> problems.add("unknown technique '" + id + "' (known: " + String.join(", ",
                    techniques.all().stream().map(TechniqueOption::techniqueId).toList()) + ")"));
        }
        Duration window = intent.verificationWindow() == null ? DEFAULT_VERIFICATION_WINDOW
                : intent.verificationWindow();
        if (!MitigationRules.positiveOrAbsent(window)) {
            problems.add("verificationWindow must be longer than zero");
        }
        if (!MitigationRules.positiveOrAbsent(intent.duration())) {
            problems.add("duration must be longer than zero");
        }
        for (Map.Entry<String, Map<String, String>> entry : intent.parameters().entrySet()) {
            String address = entry.getKey();
            if (!actions.contains(address)) {
                problems.add("parameters for '" + shorten(address) + "': the intent's techniques use "
                        + (actions.isEmpty() ? "no action" : String.join(", ", actions)));
                continue;
            }
            for (String name : entry.getValue().keySet()) {
                if (fixed.getOrDefault(address, Map.of()).containsKey(name)) {
                    problems.add("parameter '" + name + "' of " + address + " is set by the technique that uses it");
                }
            }
            MitigationAction action = registry.find(address).orElseThrow();
            Map<String, String> merged = new HashMap<>(entry.getValue());
            try {
                ActionParameters.validate(address, action.descriptor().parameters(), merged);
            } catch (InvalidRequest e) {
                problems.add(e.getMessage());
            }
        }
        SecurityIntent checked = new SecurityIntent(intent.schemaVersion(), intent.name(), intent.description(),
                intent.trigger(), intent.scope() == null ? new SecurityIntent.Scope(null, null, null) : intent.scope(),
                intent.goal(), intent.techniques(), intent.mode(), window, intent.duration(),
                intent.rateLimitPerMinute(), intent.parameters());
        if (problems.isEmpty()) {
            try {
                planner.plan(checked, null);
            } catch (NoPlan e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidIntent("invalid intent " + intent.name() + ": " + String.join("; ", problems));
        }
        return checked;
    }

    private static String shorten(String value) {
        String oneLine = value.replaceAll("\\p{Cntrl}", "?");
        return oneLine.length() <= 64 ? oneLine : oneLine.substring(0, 64) + "…";
    }
}
