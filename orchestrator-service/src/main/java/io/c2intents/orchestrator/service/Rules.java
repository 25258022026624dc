package io.c2intents.orchestrator.service;

import io.c2intents.events.MitigationMode;
import io.c2intents.events.MitigationRequest;
import io.c2intents.events.MitigationRules;
import io.c2intents.events.SecurityIntent;
import io.c2intents.events.Target;
import io.c2intents.orchestrator.rest.ApiProblem;
import io.c2intents.orchestrator.rest.Problem;
import io.c2intents.orchestrator.view.Techniques;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checks the mitigation service makes on an intent and on a request beyond the JSON contracts, made here first,
 * so a request it would reject and dead-letter is a 400 naming the field instead of a 202 that fails later. The
 * contract rules (target kinds, parameters, positive windows) are {@link MitigationRules} in {@code events}, the
 * same class the mitigation service enforces; what depends on its cluster (pods, guardrails) stays there.
 */
public final class Rules {

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
            parameters(errors, field, MitigationRules.require(entry.getKey()), entry.getValue());
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
        MitigationRules.ActionRule action = MitigationRules.action(address).orElse(null);
        if (address == null) {
            errors.add(new Problem.FieldError("$.technique", "give technique (" + String.join(", ",
                    Techniques.ACTIONS.keySet()) + ") or action (" + String.join(", ",
                    new TreeSet<>(MitigationRules.ACTIONS.keySet()))
                    + ")"));
        } else if (action == null) {
            errors.add(new Problem.FieldError(request.action() != null ? "$.action" : "$.technique", "'" + address
                    + "' is not one of " + String.join(", ", new TreeSet<>(MitigationRules.ACTIONS.keySet()))));
        }
        Target target = request.target();
        if (target == null) {
            errors.add(new Problem.FieldError("$.target", "is missing: give {\"kind\", \"namespace\", \"name\"}"));
        } else if (action != null) {
            MitigationRules.targetProblem(action, target.kind())
                    .ifPresent(problem -> errors.add(new Problem.FieldError("$.target.kind", problem)));
        }
        if (action != null) {
            parameters(errors, "$.parameters", action, request.parameters());
        }
        fail("invalid mitigation request", errors);
    }

    private static void parameters(List<Problem.FieldError> errors, String field, MitigationRules.ActionRule action,
            Map<String, String> given) {
        MitigationRules.parameterProblems(action, given)
                .forEach((name, problem) -> errors.add(new Problem.FieldError(field + "." + name, problem)));
    }

    private static void positive(List<Problem.FieldError> errors, String field, Duration duration) {
        if (!MitigationRules.positiveOrAbsent(duration)) {
            errors.add(new Problem.FieldError(field, duration + " must be longer than zero (an ISO-8601 duration "
                    + "like PT2M)"));
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
