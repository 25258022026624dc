package io.c2intents.orchestrator.service;

import io.c2intents.events.MitigationMode;
import io.c2intents.events.MitigationRequest;
import io.c2intents.events.SecurityIntent;
import io.c2intents.events.Target;
import io.c2intents.events.TargetKind;
import io.c2intents.orchestrator.rest.ApiProblem;
import io.c2intents.orchestrator.rest.Problem;
import io.c2intents.orchestrator.view.Techniques;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The checks the mitigation service makes on an intent ({@code IntentChecker}) and on a request
 * ({@code ActionExecutor}: action known, target kind it acts on, its parameters) beyond the JSON contracts, made
 * here first, so a request it would reject and dead-letter is a 400 naming the field instead of a 202 that fails
 * later. Keep in step with the mitigation service's action descriptors.
 */
public final class Rules {

    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    /** One parameter an action takes: its name, what it must be, and a test. */
    record Param(String name, String expected, Predicate<String> valid) {
    }

    /** What an action acts on and the parameters it takes, as the mitigation service declares it. */
    record Action(Set<TargetKind> targets, boolean revertible, List<Param> params) {
    }

    static final Map<String, Action> ACTIONS;

    static {
        Param c2 = new Param("c2Address", "an IPv4 address", v -> IPV4.matcher(v).matches());
        Map<String, Action> actions = new LinkedHashMap<>();
        actions.put("cilium:quarantine", new Action(Set.of(TargetKind.POD), true, List.of(
                new Param("scope", "all or destination", Set.of("all", "destination")::contains), c2)));
        actions.put("pod:evict-file", new Action(Set.of(TargetKind.POD), false, List.of(
                new Param("scope", "entries or file", Set.of("entries", "file")::contains), c2,
                new Param("container", "a container name (DNS-1123 label)", v -> NAME.matcher(v).matches()))));
        actions.put("pod:terminate", new Action(Set.of(TargetKind.POD), false, List.of(
                new Param("gracePeriodSeconds", "a whole number from 0 to 300", Rules::gracePeriod))));
        actions.put("workload:delete", new Action(Set.of(TargetKind.POD, TargetKind.WORKLOAD), true, List.of(
                new Param("mode", "delete or scale-to-zero", Set.of("delete", "scale-to-zero")::contains))));
        actions.put("node:drain", new Action(Set.of(TargetKind.POD, TargetKind.NODE), true, List.of(
                new Param("mode", "drain or cordon", Set.of("drain", "cordon")::contains))));
        ACTIONS = Map.copyOf(actions);
    }

    private Rules() {
    }

    /** An intent the mitigation service would refuse: windows not positive, parameters for actions it does not use. */
    public static void check(SecurityIntent intent) {
        List<Problem.FieldError> errors = new ArrayList<>();
        positive(errors, "$.verificationWindow", intent.verificationWindow());
        positive(errors, "$.duration", intent.duration());
        if (intent.scope() != null) {
            for (Map.Entry<String, String> label : intent.scope().selector().entrySet()) {
                String field = "$.scope.selector['" + label.getKey() + "']";
                String problem = io.c2intents.orchestrator.rest.Check.labelKeyProblem(label.getKey());
                if (problem == null) {
                    problem = io.c2intents.orchestrator.rest.Check.labelValueProblem(label.getValue());
                }
                if (problem != null) {
                    errors.add(new Problem.FieldError(field, problem));
                }
            }
        }
        Set<String> used = new LinkedHashSet<>();
        for (String technique : intent.techniques()) {
            String action = Techniques.ACTIONS.get(Techniques.of(null, technique));
            if (action != null) {
                used.add(action);
            }
        }
        for (Map.Entry<String, Map<String, String>> entry : intent.parameters().entrySet()) {
            String field = "$.parameters['" + entry.getKey() + "']";
            if (!used.contains(entry.getKey())) {
                errors.add(new Problem.FieldError(field, "the intent's techniques use "
                        + (used.isEmpty() ? "no action" : String.join(", ", used)) + ", not '" + entry.getKey() + "'"));
                continue;
            }
            parameters(errors, field, entry.getKey(), entry.getValue());
        }
        fail("invalid intent " + intent.name(), errors);
    }

    /** A request the mitigation service would reject: unknown action, a target it does not act on, bad parameters. */
    public static void check(MitigationRequest request) {
        if (request.mode() == MitigationMode.APPROVE || request.mode() == MitigationMode.REVERT) {
            return; // built from a published mitigation, which the service accepted
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        String address = request.action();
        if (address == null && request.technique() != null) {
            address = Techniques.ACTIONS.get(Techniques.of(null, request.technique()));
        }
        if (request.action() != null && request.technique() != null) {
            String expected = Techniques.ACTIONS.get(Techniques.of(null, request.technique()));
            if (expected != null && !expected.equals(request.action())) {
                errors.add(new Problem.FieldError("$.action", request.technique() + " is done by " + expected
                        + ", not " + request.action() + "; give one of technique or action"));
            }
        }
        Action action = address == null ? null : ACTIONS.get(address);
        if (address == null) {
            errors.add(new Problem.FieldError("$.technique", "give technique (" + String.join(", ",
                    Techniques.ACTIONS.keySet()) + ") or action (" + String.join(", ", new TreeSet<>(ACTIONS.keySet()))
                    + ")"));
        } else if (action == null) {
            errors.add(new Problem.FieldError(request.action() != null ? "$.action" : "$.technique", "'" + address
                    + "' is not one of " + String.join(", ", new TreeSet<>(ACTIONS.keySet()))));
        }
        Target target = request.target();
        if (target == null) {
            errors.add(new Problem.FieldError("$.target", "is missing: give {\"kind\", \"namespace\", \"name\"}"));
        } else if (action != null && target.kind() != null && !action.targets().contains(target.kind())) {
            errors.add(new Problem.FieldError("$.target.kind", address + " acts on " + action.targets().stream()
                    .map(k -> k.name().toLowerCase(Locale.ROOT)).sorted().toList() + ", not on a "
                    + target.kind().name().toLowerCase(Locale.ROOT)));
        }
        if (action != null) {
            parameters(errors, "$.parameters", address, request.parameters());
        }
        fail("invalid mitigation request", errors);
    }

    private static void parameters(List<Problem.FieldError> errors, String field, String address,
            Map<String, String> given) {
        Map<String, Param> byName = new LinkedHashMap<>();
        ACTIONS.get(address).params().forEach(p -> byName.put(p.name(), p));
        for (String name : new TreeSet<>(given.keySet())) {
            Param param = byName.get(name);
            String value = given.get(name);
            if (param == null) {
                errors.add(new Problem.FieldError(field + "." + name, "unknown parameter (" + address + " takes "
                        + String.join(", ", byName.keySet()) + ")"));
            } else if (value == null || !param.valid().test(value)) {
                errors.add(new Problem.FieldError(field + "." + name, "'" + value + "' is not " + param.expected()));
            }
        }
    }

    private static void positive(List<Problem.FieldError> errors, String field, Duration duration) {
        if (duration != null && (duration.isZero() || duration.isNegative())) {
            errors.add(new Problem.FieldError(field, duration + " must be longer than zero (an ISO-8601 duration "
                    + "like PT2M)"));
        }
    }

    private static boolean gracePeriod(String value) {
        try {
            int seconds = Integer.parseInt(value);
            return seconds >= 0 && seconds <= 300;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void fail(String what, List<Problem.FieldError> errors) {
        if (errors.isEmpty()) {
            return;
        }
        throw new ApiProblem(400, "invalid-request", "Invalid request", what + ": " + String.join("; ",
                errors.stream().map(e -> e.field() + ": " + e.message()).toList()), errors);
    }
}
