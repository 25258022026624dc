package io.c2intents.mitigation.action.cilium;

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
import io.c2intents.mitigation.action.Marks;
import io.c2intents.mitigation.action.MitigationAction;
import io.c2intents.mitigation.action.Plan;
import io.c2intents.mitigation.action.PreconditionFailed;
import io.c2intents.mitigation.action.RbacRule;
import io.c2intents.mitigation.cluster.CiliumPolicies;
import io.c2intents.mitigation.cluster.JsonPatch;
import io.c2intents.mitigation.cluster.MergePatch;
import io.c2intents.mitigation.cluster.Yaml;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code cilium:quarantine} (D3-NTF, Network Traffic Filtering): labels the pod and applies a CiliumNetworkPolicy
 * selecting that label (see {@link QuarantinePolicyFactory}). The policy is created before the label is set, so
 * the pod is never labelled without its policy; revert removes both, the label first. Unlike the reference demo,
 * revert deletes this pod's own policy by name, never another one, and leaves no label behind.
 */
@ApplicationScoped
public class QuarantineAction implements MitigationAction {

    public static final String ADDRESS = "cilium:quarantine";
    public static final String SCOPE = "scope";

    private static final ActionDescriptor DESCRIPTOR = new ActionDescriptor(
            ADDRESS,
            D3fendTechnique.NETWORK_TRAFFIC_FILTERING,
            "Labels the pod and applies a CiliumNetworkPolicy selecting that label that denies all its ingress and"
                    + " egress (scope all), or only its egress to the C2 address (scope destination).",
            MitigationRules.require(ADDRESS).targets(),
            MitigationRules.require(ADDRESS).parameters(),
            List.of("the target pod exists",
                    "scope destination: the C2 address is known (parameter c2Address or the request's alert)"),
            List.of(RbacRule.of("", "pods", "get", "patch"),
                    RbacRule.of("cilium.io", "ciliumnetworkpolicies", "get", "create", "update", "delete")),
            "removes the quarantine label from the pod and deletes the pod's quarantine policy",
            List.of("T1095", "T1071", "T1571", "T1041", "T1105"),
            new Cost(Cost.AvailabilityImpact.MEDIUM, Cost.Reversibility.REVERSIBLE),
            new MitigationRequest(MitigationRequest.SCHEMA_VERSION, "req-quarantine-example", MitigationMode.APPLY,
                    ADDRESS, null, Target.pod("c2-lab", "target-7c9d8f6b5-x2k4q"),
                    Map.of(SCOPE, "destination", ActionInput.C2_ADDRESS, "1.1.1.1"), "inc-example", null, null,
                    "admin-page", Instant.parse("2026-03-14T09:21:12Z")));

    private final KubernetesClient client;
    private final QuarantinePolicyFactory policies;
    private final Marks marks;
    private final Guardrails guardrails;

    public QuarantineAction(KubernetesClient client, QuarantinePolicyFactory policies, Marks marks,
            Guardrails guardrails) {
        this.client = client;
        this.policies = policies;
        this.marks = marks;
        this.guardrails = guardrails;
    }

    @Override
    public ActionDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public void validate(ActionInput input) {
        if (scope(input) == QuarantineScope.DESTINATION && input.c2Address().isEmpty()) {
            throw new InvalidRequest("invalid parameters for " + ADDRESS + ": scope destination needs the C2 address"
                    + " (parameter c2Address, or an alert whose destination is an IPv4 address)");
        }
    }

    @Override
    public Plan plan(ActionInput input) {
        GenericKubernetesResource policy = desiredPolicy(input);
        List<TouchedObject> objects = List.of(
                policyObject(policy, "created"),
                labelObject(input.target(), marks.podLabelValue(input.target().name()), "labelled"));
        return new Plan(objects, "would create CiliumNetworkPolicy " + policy.getMetadata().getName() + " ("
                + describe(input) + ") and label " + input.targetText() + " " + marks.quarantineLabel() + "="
                + marks.podLabelValue(input.target().name()));
    }

    @Override
    public ActionResult apply(ActionInput input) {
        Target target = input.target();
        Pod pod = client.pods().inNamespace(target.namespace()).withName(target.name()).get();
        if (pod == null) {
            throw new PreconditionFailed(input.targetText() + " not found");
        }
        guardrails.checkObject(pod);
        GenericKubernetesResource desired = desiredPolicy(input);
        String policyName = desired.getMetadata().getName();
        var namespaced = CiliumPolicies.in(client, target.namespace());
        GenericKubernetesResource existing = namespaced.withName(policyName).get();
        String labelValue = marks.podLabelValue(target.name());
        Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
        boolean labelled = labelValue.equals(labels.get(marks.quarantineLabel()));
        boolean samePolicy = existing != null && Objects.equals(spec(existing), spec(desired));
        if (labelled && samePolicy) {
            return ActionResult.skipped("already applied: " + input.targetText() + " is quarantined by "
                    + policyName + " (" + describe(input) + ")", List.of(policyObject(existing, "unchanged")));
        }

        List<TouchedObject> objects = new ArrayList<>();
        if (existing == null) {
            objects.add(policyObject(namespaced.resource(desired).create(), "created"));
        } else if (!samePolicy) {
            desired.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
            objects.add(policyObject(namespaced.resource(desired).update(), "updated"));
        }
        if (!labelled) {
            client.pods().inNamespace(target.namespace()).withName(target.name())
                    .patch(MergePatch.CONTEXT, MergePatch.json(MergePatch.label(marks.quarantineLabel(), labelValue)));
            objects.add(labelObject(target, labelValue, "labelled"));
        }
        return ActionResult.applied(input.targetText() + " quarantined: " + describe(input) + " (policy "
                + policyName + ", label " + marks.quarantineLabel() + "=" + labelValue + ")", objects);
    }

    @Override
    public ActionResult revert(ActionInput input) {
        Target target = input.target();
        String policyName = marks.quarantinePolicyName(target.name());
        var policy = CiliumPolicies.in(client, target.namespace()).withName(policyName);
        Pod pod = client.pods().inNamespace(target.namespace()).withName(target.name()).get();
        List<TouchedObject> objects = new ArrayList<>();
        // the label first: once it is gone the policy selects nothing, whatever happens next
        if (pod != null && pod.getMetadata().getLabels() != null
                && pod.getMetadata().getLabels().containsKey(marks.quarantineLabel())) {
            client.pods().inNamespace(target.namespace()).withName(target.name())
                    .patch(JsonPatch.CONTEXT, JsonPatch.create().removeLabel(marks.quarantineLabel()).json());
            objects.add(labelObject(target, null, "unlabelled"));
        }
        GenericKubernetesResource existing = policy.get();
        if (existing != null) {
            policy.delete();
            objects.add(policyObject(existing, "deleted"));
        }
        if (objects.isEmpty()) {
            return ActionResult.skipped("not quarantined: no policy " + policyName + " and no "
                    + marks.quarantineLabel() + " label on " + input.targetText());
        }
        return ActionResult.reverted("quarantine of " + input.targetText() + " lifted"
                + (existing != null ? ": policy " + policyName + " deleted" : "")
                + (objects.size() == 2 || existing == null ? ", label " + marks.quarantineLabel() + " removed" : ""),
                objects);
    }

    private GenericKubernetesResource desiredPolicy(ActionInput input) {
        return policies.policy(input.target().namespace(), input.target().name(), scope(input),
                input.c2Address().orElse(null), input.request().incidentId());
    }

    private static QuarantineScope scope(ActionInput input) {
        return QuarantineScope.of(input.parameters().require(SCOPE));
    }

    private static String describe(ActionInput input) {
        return switch (scope(input)) {
            case ALL -> "all ingress and egress denied";
            case DESTINATION -> "egress to " + input.c2Address().orElseThrow() + "/32 denied, other traffic allowed";
        };
    }

    private static Object spec(GenericKubernetesResource policy) {
        return policy.getAdditionalProperties().get("spec");
    }

    private static TouchedObject policyObject(GenericKubernetesResource policy, String change) {
        GenericKubernetesResource shown = new GenericKubernetesResource();
        shown.setApiVersion(policy.getApiVersion());
        shown.setKind(policy.getKind());
        shown.setMetadata(new ObjectMetaBuilder()
                .withName(policy.getMetadata().getName())
                .withNamespace(policy.getMetadata().getNamespace())
                .withLabels(policy.getMetadata().getLabels())
                .withAnnotations(policy.getMetadata().getAnnotations())
                .build());
        shown.setAdditionalProperty("spec", spec(policy));
        return new TouchedObject(CiliumPolicies.KIND, policy.getMetadata().getNamespace(),
                policy.getMetadata().getName(), change, Yaml.of(shown));
    }

    private TouchedObject labelObject(Target target, String labelValue, String change) {
        return new TouchedObject("Pod", target.namespace(), target.name(), change, Yaml.of(labelValue == null
                ? JsonPatch.create().removeLabel(marks.quarantineLabel()).operations()
                : MergePatch.label(marks.quarantineLabel(), labelValue)));
    }
}
