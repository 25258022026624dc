package io.c2intents.events;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rules of a {@link MitigationRequest} and a {@link SecurityIntent} beyond their JSON Schemas that do not depend
 * on a cluster: which target kinds each action acts on, the parameters each takes and what values they accept, and
 * that an intent's windows are positive. The mitigation service enforces them (its action descriptors take their
 * targets and parameters from here) and the orchestrator checks them first, so a request the service would reject is
 * a 400 at the API; both read this one class, so they cannot drift. Plain Java, no framework.
 */
public final class MitigationRules {

    /** The parameter every action that talks to the C2 address takes. */
    public static final String C2_ADDRESS = "c2Address";

    /** The quarantine action's address (D3-NTF / D3-OTF). */
    public static final String QUARANTINE = "cilium:quarantine";

    /**
     * What an action acts on and the parameters it takes.
     *
     * @param address {@code category:name}
     * @param targets the target kinds it accepts
     * @param parameters its parameters, with their defaults and what they accept
     */
    public record ActionRule(String address, Set<TargetKind> targets, List<ParameterSpec> parameters) {

        public ActionRule {
            targets = Set.copyOf(targets);
            parameters = List.copyOf(parameters);
        }
    }

    /** Every action, by address, in catalogue order. */
    public static final Map<String, ActionRule> ACTIONS;

    static {
        Map<String, ActionRule> actions = new LinkedHashMap<>();
        add(actions, new ActionRule(QUARANTINE, Set.of(TargetKind.POD), List.of(
                ParameterSpec.choice("scope", "all",
                        "all: deny every ingress and egress of the pod; destination: deny only egress to the C2"
                                + " address /32 and keep every other flow (enableDefaultDeny false both ways)",
                        "all", "destination"),
                ParameterSpec.ipv4(C2_ADDRESS,
                        "the C2 address; defaults to the destination of the request's alert; required for scope"
                                + " destination"))));
        add(actions, new ActionRule("pod:evict-file", Set.of(TargetKind.POD), List.of(
                ParameterSpec.choice("scope", "entries",
                        "entries: remove only the lines that reach the C2 address; file: remove the whole crontab",
                        "entries", "file"),
                ParameterSpec.ipv4(C2_ADDRESS,
                        "the C2 address; defaults to the destination of the request's alert; required for scope"
                                + " entries"),
                ParameterSpec.name("container", "the container to clean; defaults to the pod's first container"))));
        add(actions, new ActionRule("pod:terminate", Set.of(TargetKind.POD), List.of(
                ParameterSpec.integer("gracePeriodSeconds", 0, 300,
                        "seconds the pod gets to stop; defaults to the pod's own terminationGracePeriodSeconds"))));
        add(actions, new ActionRule("workload:delete", Set.of(TargetKind.POD, TargetKind.WORKLOAD), List.of(
                ParameterSpec.choice("mode", "delete",
                        "delete: delete the Deployment (not revertible); scale-to-zero: record its replicas in an"
                                + " annotation and scale it to 0 (revert scales back)", "delete", "scale-to-zero"))));
        add(actions, new ActionRule("node:drain", Set.of(TargetKind.POD, TargetKind.NODE), List.of(
                ParameterSpec.choice("mode", "drain", "drain: cordon and evict the node's pods; cordon: only cordon",
                        "drain", "cordon"))));
        ACTIONS = java.util.Collections.unmodifiableMap(actions);
    }

    private MitigationRules() {
    }

    private static void add(Map<String, ActionRule> actions, ActionRule rule) {
        actions.put(rule.address(), rule);
    }

    /** The rule of an action address. */
    public static Optional<ActionRule> action(String address) {
        return Optional.ofNullable(address == null ? null : ACTIONS.get(address));
    }

    /** The rule of an address that must exist (the mitigation service's own actions). */
    public static ActionRule require(String address) {
        return action(address).orElseThrow(() -> new IllegalArgumentException("no rule for action " + address));
    }

    /** Why {@code rule} cannot act on {@code kind}, e.g. {@code pod:terminate acts on [pod], not on a node}. */
    public static Optional<String> targetProblem(ActionRule rule, TargetKind kind) {
        if (kind == null || rule.targets().contains(kind)) {
            return Optional.empty();
        }
        return Optional.of(rule.address() + " acts on " + rule.targets().stream()
                .map(k -> k.name().toLowerCase(Locale.ROOT)).sorted().toList() + ", not on a "
                + kind.name().toLowerCase(Locale.ROOT));
    }

    /**
     * What is wrong with each given parameter, by name in name order: unknown to the action, or a value its
     * declaration refuses. Empty when every one is acceptable (absent parameters take their defaults).
     */
    public static Map<String, String> parameterProblems(ActionRule rule, Map<String, String> given) {
        return parameterProblems(rule.address(), rule.parameters(), given);
    }

    /** {@link #parameterProblems(ActionRule, Map)} for the parameters {@code specs} of the action {@code address}. */
    public static Map<String, String> parameterProblems(String address, List<ParameterSpec> specs,
            Map<String, String> given) {
        Map<String, ParameterSpec> byName = new LinkedHashMap<>();
        specs.forEach(p -> byName.put(p.name(), p));
        Map<String, String> problems = new LinkedHashMap<>();
        for (String name : new TreeSet<>(given.keySet())) {
            ParameterSpec spec = byName.get(name);
            if (spec == null) {
                problems.put(name, "unknown parameter '" + name + "' (" + address + " takes "
                        + (byName.isEmpty() ? "no parameters" : String.join(", ", byName.keySet())) + ")");
            } else {
                spec.problem(given.get(name)).ifPresent(p -> problems.put(name, p));
            }
        }
        return problems;
    }

    /** True when an intent's window or duration is acceptable: absent, or longer than zero. */
    public static boolean positiveOrAbsent(Duration duration) {
        return duration == null || !(duration.isZero() || duration.isNegative());
    }
}
