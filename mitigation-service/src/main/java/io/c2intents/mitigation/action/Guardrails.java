package io.c2intents.mitigation.action;

import io.c2intents.mitigation.config.MitigationConfig;
import io.fabric8.kubernetes.api.model.HasMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What no action may touch: the protected namespaces (kube-system and the like), the system's own namespace, and
 * objects labelled as the system's own. The executor checks the target before anything else (from the request
 * alone, so a dry-run is refused the same way) and again on the live object before an apply; a drain skips such
 * pods on the node.
 */
@ApplicationScoped
public class Guardrails {

    private final Set<String> protectedNamespaces = new LinkedHashSet<>();
    private final String ownNamespace;
    private final String ownLabelKey;
    private final String ownLabelValue;

    public Guardrails(MitigationConfig config) {
        protectedNamespaces.addAll(config.protectedNamespaces());
        protectedNamespaces.add(config.ownNamespace());
        ownNamespace = config.ownNamespace();
        String own = config.ownLabel();
        int eq = own.indexOf('=');
        ownLabelKey = eq < 0 ? own : own.substring(0, eq);
        ownLabelValue = eq < 0 ? null : own.substring(eq + 1);
    }

    /**
     * Checks a request's target as written.
     *
     * @throws GuardrailViolation naming the guardrail
     */
    public void checkRequest(ActionInput input) {
        namespaceProblem(input.target().namespace()).ifPresent(p -> {
            throw new GuardrailViolation(p + ": " + input.targetText() + " is not acted on");
        });
        input.alertPod().flatMap(pod -> labelProblem(pod.labels())).ifPresent(p -> {
            throw new GuardrailViolation(p + ": " + input.targetText() + " is not acted on");
        });
    }

    /**
     * Checks a live object (the target pod or workload, read from the API).
     *
     * @throws GuardrailViolation naming the guardrail
     */
    public void checkObject(HasMetadata object) {
        problem(object).ifPresent(p -> {
            throw new GuardrailViolation(p + ": " + object.getKind().toLowerCase() + " "
                    + object.getMetadata().getNamespace() + "/" + object.getMetadata().getName() + " is not acted on");
        });
    }

    /** True when a guardrail protects the object. */
    public boolean protects(HasMetadata object) {
        return problem(object).isPresent();
    }

    /** Why the object is protected, or empty. */
    public Optional<String> problem(HasMetadata object) {
        return namespaceProblem(object.getMetadata().getNamespace())
                .or(() -> labelProblem(object.getMetadata().getLabels()));
    }

    private Optional<String> namespaceProblem(String namespace) {
        if (namespace == null || !protectedNamespaces.contains(namespace)) {
            return Optional.empty();
        }
        return Optional.of(namespace.equals(ownNamespace)
                ? "namespace " + namespace + " is the system's own"
                : "namespace " + namespace + " is protected");
    }

    private Optional<String> labelProblem(Map<String, String> labels) {
        if (labels == null || !labels.containsKey(ownLabelKey)) {
            return Optional.empty();
        }
        if (ownLabelValue != null && !ownLabelValue.equals(labels.get(ownLabelKey))) {
            return Optional.empty();
        }
        return Optional.of("labelled " + ownLabelKey + (ownLabelValue == null ? "" : "=" + ownLabelValue)
                + " (the system's own)");
    }
}
