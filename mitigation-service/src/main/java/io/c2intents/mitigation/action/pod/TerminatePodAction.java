package io.c2intents.mitigation.action.pod;

import io.c2intents.events.MitigationMode;
import io.c2intents.events.MitigationRequest;
import io.c2intents.events.MitigationRules;
import io.c2intents.events.Target;
import io.c2intents.events.TouchedObject;
import io.c2intents.mitigation.action.ActionDescriptor;
import io.c2intents.mitigation.action.ActionInput;
import io.c2intents.mitigation.action.ActionResult;
import io.c2intents.mitigation.action.Cost;
import io.c2intents.mitigation.action.D3fendTechnique;
import io.c2intents.mitigation.action.Guardrails;
import io.c2intents.mitigation.action.InvalidRequest;
import io.c2intents.mitigation.action.MitigationAction;
import io.c2intents.mitigation.action.Plan;
import io.c2intents.mitigation.action.RbacRule;
import io.c2intents.mitigation.cluster.Yaml;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.PodResource;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code pod:terminate} (D3-PT, Process Termination): deletes the pod, which ends every process in it. A pod with a
 * controller is replaced by a fresh one from the image, without what the attacker wrote into the old one; a
 * standalone pod is simply gone.
 */
@ApplicationScoped
public class TerminatePodAction implements MitigationAction {

    public static final String ADDRESS = "pod:terminate";
    public static final String GRACE_PERIOD = "gracePeriodSeconds";

    private static final ActionDescriptor DESCRIPTOR = new ActionDescriptor(
            ADDRESS,
            D3fendTechnique.PROCESS_TERMINATION,
            "Deletes the pod, ending every process in it; its controller, if any, starts a fresh one from the image.",
            MitigationRules.require(ADDRESS).targets(),
            MitigationRules.require(ADDRESS).parameters(),
            List.of("the target pod exists (a pod already gone or terminating is answered SKIPPED)"),
            List.of(RbacRule.of("", "pods", "get", "delete")),
            null,
            List.of("T1095", "T1053.003", "T1059"),
            new Cost(Cost.AvailabilityImpact.LOW, Cost.Reversibility.IRREVERSIBLE),
            new MitigationRequest(MitigationRequest.SCHEMA_VERSION, "req-terminate-example", MitigationMode.APPLY,
                    ADDRESS, null, Target.pod("c2-lab", "target-7c9d8f6b5-x2k4q"), Map.of(GRACE_PERIOD, "0"),
                    "inc-example", null, null, "admin-page", Instant.parse("2026-03-14T09:23:00Z")));

    private final KubernetesClient client;
    private final Guardrails guardrails;

    public TerminatePodAction(KubernetesClient client, Guardrails guardrails) {
        this.client = client;
        this.guardrails = guardrails;
    }

    @Override
    public ActionDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Plan plan(ActionInput input) {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("delete", "pods/" + input.target().name());
        input.parameters().integer(GRACE_PERIOD).ifPresent(g -> shown.put(GRACE_PERIOD, g));
        return new Plan(List.of(new TouchedObject("Pod", input.target().namespace(), input.target().name(), "deleted",
                Yaml.of(shown))), "would delete " + input.targetText()
                        + "; its controller, if any, starts a fresh pod");
    }

    @Override
    public ActionResult apply(ActionInput input) {
        Target target = input.target();
        PodResource resource = client.pods().inNamespace(target.namespace()).withName(target.name());
        Pod pod = resource.get();
        if (pod == null) {
            return ActionResult.skipped("already applied: " + input.targetText() + " no longer exists");
        }
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            return ActionResult.skipped("already applied: " + input.targetText() + " is terminating since "
                    + pod.getMetadata().getDeletionTimestamp());
        }
        guardrails.checkObject(pod);
        var grace = input.parameters().integer(GRACE_PERIOD);
        if (grace.isPresent()) {
            resource.withGracePeriod(grace.get()).delete();
        } else {
            resource.delete();
        }
        OwnerReference owner = pod.getMetadata().getOwnerReferences() == null ? null
                : pod.getMetadata().getOwnerReferences().stream()
                        .filter(o -> Boolean.TRUE.equals(o.getController())).findFirst().orElse(null);
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("deleted", "pods/" + target.name());
        shown.put("node", pod.getSpec() == null ? null : pod.getSpec().getNodeName());
        shown.put("uid", pod.getMetadata().getUid());
        if (owner != null) {
            shown.put("owner", owner.getKind() + "/" + owner.getName());
        }
        grace.ifPresent(g -> shown.put(GRACE_PERIOD, g));
        return ActionResult.applied("deleted " + input.targetText() + (owner == null ? " (standalone: not replaced)"
                : "; " + owner.getKind() + " " + owner.getName() + " starts a fresh pod"),
                List.of(new TouchedObject("Pod", target.namespace(), target.name(), "deleted", Yaml.of(shown))));
    }

    @Override
    public ActionResult revert(ActionInput input) {
        throw new InvalidRequest(ADDRESS + " cannot be reverted: a terminated process is not brought back");
    }
}
