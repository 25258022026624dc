package io.c2intents.mitigation.action.workload;

import io.c2intents.events.MitigationMode;
import io.c2intents.events.MitigationRequest;
import io.c2intents.events.MitigationRules;
import io.c2intents.events.PodRef;
import io.c2intents.events.Target;
import io.c2intents.events.TargetKind;
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
import io.c2intents.mitigation.cluster.JsonPatch;
import io.c2intents.mitigation.cluster.MergePatch;
import io.c2intents.mitigation.cluster.Yaml;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code workload:delete} (D3-EDL, Executable Denylisting): stops the workload that runs the compromised image,
 * found from the pod through its ReplicaSet, by deleting the Deployment or by scaling it to zero through its
 * {@code scale} subresource. Scaling records the replicas in an annotation first, so revert scales back to them;
 * a deleted Deployment is not recreated.
 */
@ApplicationScoped
public class DeleteWorkloadAction implements MitigationAction {

    public static final String ADDRESS = "workload:delete";
    public static final String MODE = "mode";
    static final String DELETE = "delete";
    static final String SCALE_TO_ZERO = "scale-to-zero";

    private static final ActionDescriptor DESCRIPTOR = new ActionDescriptor(
            ADDRESS,
            D3fendTechnique.EXECUTABLE_DENYLISTING,
            "Deletes the Deployment that owns the pod (found through its ReplicaSet), or scales it to zero through"
                    + " deployments/{name}/scale.",
            MitigationRules.require(ADDRESS).targets(),
            MitigationRules.require(ADDRESS).parameters(),
            List.of("a pod target exists and is owned by a Deployment through a ReplicaSet",
                    "a workload target names a Deployment (Deployment/name or name) that exists"),
            List.of(RbacRule.of("", "pods", "get"),
                    RbacRule.of("apps", "replicasets", "get"),
                    RbacRule.of("apps", "deployments", "get", "list", "patch", "delete"),
                    RbacRule.of("apps", "deployments/scale", "get", "update")),
            "mode scale-to-zero: scales the Deployment back to the replicas recorded before and removes the marks;"
                    + " a deleted Deployment is not recreated",
            List.of("T1053.003", "T1095", "T1610", "T1525"),
            new Cost(Cost.AvailabilityImpact.HIGH, Cost.Reversibility.IRREVERSIBLE),
            new MitigationRequest(MitigationRequest.SCHEMA_VERSION, "req-workload-example", MitigationMode.APPLY,
                    ADDRESS, null, Target.pod("c2-lab", "target-7c9d8f6b5-x2k4q"), Map.of(MODE, SCALE_TO_ZERO),
                    "inc-example", null, null, "admin-page", Instant.parse("2026-03-14T09:24:00Z")));

    private final KubernetesClient client;
    private final Marks marks;
    private final Guardrails guardrails;

    public DeleteWorkloadAction(KubernetesClient client, Marks marks, Guardrails guardrails) {
        this.client = client;
        this.marks = marks;
        this.guardrails = guardrails;
    }

    @Override
    public ActionDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public void validate(ActionInput input) {
        if (input.target().kind() == TargetKind.WORKLOAD) {
            deploymentName(input.target());
        }
    }

    @Override
    public Plan plan(ActionInput input) {
        Optional<String> name = input.target().kind() == TargetKind.WORKLOAD
                ? Optional.of(deploymentName(input.target())) : ownerFromAlert(input);
        String shownName = name.orElse("(owner of pod " + input.target().name() + ")");
        Map<String, Object> shown = new LinkedHashMap<>();
        if (scale(input)) {
            shown.put("scale", Map.of("apiVersion", "autoscaling/v1", "kind", "Scale",
                    "metadata", Map.of("name", shownName, "namespace", input.target().namespace()),
                    "spec", Map.of("replicas", 0)));
            shown.put("annotate", Map.of(marks.replicasBefore(), "(replicas before)"));
        } else {
            shown.put("delete", "deployments/" + shownName);
        }
        String resolved = name.isPresent() ? "" : " (resolved through the pod's ReplicaSet at apply time)";
        return new Plan(List.of(new TouchedObject("Deployment", input.target().namespace(), shownName,
                scale(input) ? "scaled" : "deleted", Yaml.of(shown))),
                "would " + (scale(input) ? "scale to zero" : "delete") + " Deployment " + shownName + resolved);
    }

    @Override
    public ActionResult apply(ActionInput input) {
        String namespace = input.target().namespace();
        Optional<String> name = resolve(input);
        if (name.isEmpty()) {
            return ActionResult.skipped("already applied: " + input.targetText()
                    + " no longer exists and no Deployment is known for it");
        }
        var resource = client.apps().deployments().inNamespace(namespace).withName(name.get());
        Deployment deployment = resource.get();
        if (deployment == null) {
            return ActionResult.skipped("already applied: Deployment " + namespace + "/" + name.get()
                    + " no longer exists");
        }
        guardrails.checkObject(deployment);
        if (!scale(input)) {
            resource.withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
            return ActionResult.applied("deleted Deployment " + namespace + "/" + name.get() + " (owner of "
                    + input.targetText() + ")", List.of(new TouchedObject("Deployment", namespace, name.get(),
                            "deleted", Yaml.of(strip(deployment)))));
        }
        int replicas = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
        String recorded = annotation(deployment, marks.replicasBefore());
        if (replicas == 0) {
            return ActionResult.skipped(recorded != null
                    ? "already applied: Deployment " + namespace + "/" + name.get() + " is scaled to zero (from "
                            + recorded + ")"
                    : "already applied: Deployment " + namespace + "/" + name.get() + " has no replicas");
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("annotations", Map.of(marks.replicasBefore(), String.valueOf(replicas)));
        input.incidentPod().filter(p -> input.target().kind() == TargetKind.POD)
                .ifPresent(p -> metadata.put("labels", Map.of(marks.scaledFor(),
                        marks.podLabelValue(input.target().name()))));
        Map<String, Object> patch = Map.of("metadata", metadata);
        resource.patch(MergePatch.CONTEXT, MergePatch.json(patch));
        resource.scale(0);
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("patch", patch);
        shown.put("scale", Map.of("from", replicas, "to", 0));
        return ActionResult.applied("scaled Deployment " + namespace + "/" + name.get() + " (owner of "
                + input.targetText() + ") from " + replicas + " to 0 replicas",
                List.of(new TouchedObject("Deployment", namespace, name.get(), "scaled", Yaml.of(shown))));
    }

    @Override
    public ActionResult revert(ActionInput input) {
        String namespace = input.target().namespace();
        String name = resolve(input).orElseThrow(() -> new PreconditionFailed(input.targetText()
                + " no longer exists and no Deployment is marked as scaled for it; give the workload as target"));
        var resource = client.apps().deployments().inNamespace(namespace).withName(name);
        Deployment deployment = resource.get();
        if (deployment == null) {
            throw new PreconditionFailed("Deployment " + namespace + "/" + name
                    + " no longer exists: a deleted workload is not recreated");
        }
        String recorded = annotation(deployment, marks.replicasBefore());
        if (recorded == null) {
            return ActionResult.skipped("not applied: Deployment " + namespace + "/" + name
                    + " was not scaled to zero by the mitigation service");
        }
        int replicas;
        try {
            replicas = Integer.parseInt(recorded);
        } catch (NumberFormatException e) {
            throw new PreconditionFailed("annotation " + marks.replicasBefore() + " of Deployment " + namespace + "/"
                    + name + " is not a number: " + recorded);
        }
        resource.scale(replicas);
        JsonPatch unmark = JsonPatch.create().removeAnnotation(marks.replicasBefore());
        if (deployment.getMetadata().getLabels() != null
                && deployment.getMetadata().getLabels().containsKey(marks.scaledFor())) {
            unmark.removeLabel(marks.scaledFor());
        }
        resource.patch(JsonPatch.CONTEXT, unmark.json());
        return ActionResult.reverted("scaled Deployment " + namespace + "/" + name + " back to " + replicas
                + " replicas", List.of(new TouchedObject("Deployment", namespace, name, "scaled",
                        Yaml.of(Map.of("scale", Map.of("from", 0, "to", replicas))))));
    }

    /** The Deployment to act on, read from the cluster, or empty when a pod target is gone without a trace. */
    private Optional<String> resolve(ActionInput input) {
        Target target = input.target();
        if (target.kind() == TargetKind.WORKLOAD) {
            return Optional.of(deploymentName(target));
        }
        Pod pod = client.pods().inNamespace(target.namespace()).withName(target.name()).get();
        if (pod == null) {
            return client.apps().deployments().inNamespace(target.namespace())
                    .withLabel(marks.scaledFor(), marks.podLabelValue(target.name())).list().getItems().stream()
                    .map(d -> d.getMetadata().getName()).findFirst()
                    .or(() -> ownerFromAlert(input));
        }
        guardrails.checkObject(pod);
        OwnerReference owner = controller(pod).orElseThrow(() -> new PreconditionFailed(input.targetText()
                + " is a standalone pod (no owner): use pod:terminate"));
        if (owner.getKind().equals("Deployment")) {
            return Optional.of(owner.getName());
        }
        if (!owner.getKind().equals("ReplicaSet")) {
            throw new PreconditionFailed(input.targetText() + " is owned by " + owner.getKind() + " "
                    + owner.getName() + ", not by a Deployment");
        }
        ReplicaSet replicaSet = client.apps().replicaSets().inNamespace(target.namespace())
                .withName(owner.getName()).get();
        if (replicaSet == null) {
            throw new PreconditionFailed("ReplicaSet " + target.namespace() + "/" + owner.getName() + " of "
                    + input.targetText() + " not found");
        }
        OwnerReference deployment = controller(replicaSet).filter(o -> o.getKind().equals("Deployment"))
                .orElseThrow(() -> new PreconditionFailed("ReplicaSet " + target.namespace() + "/" + owner.getName()
                        + " of " + input.targetText() + " is not owned by a Deployment"));
        return Optional.of(deployment.getName());
    }

    /**
     * The owning Deployment as the alert describes the pod: its owner, or the name a Deployment gives its pods
     * ({@code <deployment>-<pod-template-hash>-<suffix>}).
     */
    private static Optional<String> ownerFromAlert(ActionInput input) {
        Optional<PodRef> pod = input.alertPod();
        if (pod.isEmpty()) {
            return Optional.empty();
        }
        PodRef ref = pod.get();
        String hash = ref.labels().get("pod-template-hash");
        if (ref.owner() != null && ref.owner().kind().equals("Deployment")) {
            return Optional.of(ref.owner().name());
        }
        if (ref.owner() != null && ref.owner().kind().equals("ReplicaSet") && hash != null
                && ref.owner().name().endsWith("-" + hash)) {
            return Optional.of(ref.owner().name().substring(0, ref.owner().name().length() - hash.length() - 1));
        }
        int at = hash == null ? -1 : ref.name().lastIndexOf("-" + hash + "-");
        return at > 0 ? Optional.of(ref.name().substring(0, at)) : Optional.empty();
    }

    private static String deploymentName(Target target) {
        String name = target.name();
        int slash = name.indexOf('/');
        if (slash < 0) {
            return name;
        }
        String kind = name.substring(0, slash);
        if (!kind.equals("Deployment")) {
            throw new InvalidRequest(ADDRESS + " acts on Deployments, not on " + kind + " (target " + name + ")");
        }
        return name.substring(slash + 1);
    }

    private static boolean scale(ActionInput input) {
        return SCALE_TO_ZERO.equals(input.parameters().require(MODE));
    }

    private static Optional<OwnerReference> controller(HasMetadata object) {
        List<OwnerReference> owners = object.getMetadata().getOwnerReferences();
        return owners == null ? Optional.empty()
                : owners.stream().filter(o -> Boolean.TRUE.equals(o.getController())).findFirst();
    }

    private static String annotation(HasMetadata object, String key) {
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(key);
    }

    /** The Deployment as it could be applied again: no status, no server-set fields. */
    private static Deployment strip(Deployment deployment) {
        Deployment copy = new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder(deployment)
                .withStatus(null)
                .editMetadata()
                .withManagedFields(List.of())
                .withResourceVersion(null)
                .withUid(null)
                .withGeneration(null)
                .withCreationTimestamp(null)
                .endMetadata()
                .build();
        copy.getMetadata().setManagedFields(null);
        return copy;
    }
}
