package io.c2intents.mitigation.action;

import io.c2intents.events.MitigationRules;
import io.c2intents.events.ParameterSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A request's parameters after checking them against an action's declaration ({@link MitigationRules}, shared with
 * the orchestrator), defaults filled in. The only way to
 * get one is {@link #validate}, so an action never sees a value its declaration refuses.
 */
public final class ActionParameters {

    private final Map<String, String> values;

    private ActionParameters(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /**
     * Checks every given parameter against its declaration and fills in defaults.
     *
     * @throws InvalidRequest naming every unknown, missing or invalid parameter
     */
    public static ActionParameters validate(String address, List<ParameterSpec> specs, Map<String, String> given) {
        Map<String, String> refused = MitigationRules.parameterProblems(address, specs, given);
        List<String> problems = new ArrayList<>(refused.values());
        Map<String, String> resolved = new LinkedHashMap<>();
        for (String name : new TreeSet<>(given.keySet())) {
            if (!refused.containsKey(name)) {
                resolved.put(name, given.get(name));
            }
        }
        for (ParameterSpec spec : specs) {
            if (!given.containsKey(spec.name())) {
                if (spec.defaultValue() != null) {
                    resolved.put(spec.name(), spec.defaultValue());
                } else if (spec.required()) {
                    problems.add("parameter '" + spec.name() + "': is missing");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequest("invalid parameters for " + address + ": " + String.join("; ", problems));
        }
        return new ActionParameters(resolved);
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** A parameter that has a default, so it is always there. */
    public String require(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalStateException("parameter " + name + " has no default");
        }
        return value;
    }

    public Optional<Integer> integer(String name) {
        return get(name).map(Integer::valueOf);
    }

    /** Every resolved parameter, defaults included. */
    public Map<String, String> asMap() {
        return values;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
