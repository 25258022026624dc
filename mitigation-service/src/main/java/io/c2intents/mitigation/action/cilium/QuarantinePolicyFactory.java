package io.c2intents.mitigation.action.cilium;

import io.c2intents.mitigation.action.Marks;
import io.c2intents.mitigation.cluster.CiliumPolicies;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the CiliumNetworkPolicy of a quarantine. The policy selects the pod by the quarantine label, which only
 * that pod carries, and denies:
 * <ul>
 * <li>scope {@code all}: every ingress from and egress to entity {@code all}. Deny rules win over any allow rule,
 * so the pod is cut off whatever other policies say;</li>
 * <li>scope {@code destination}: only egress to the C2 address ({@code /32}). A policy with rules in a direction
 * puts the pod into default-deny in that direction unless {@code enableDefaultDeny} says otherwise, so both
 * directions are set to false and all other traffic keeps flowing.</li>
 * </ul>
 * Pure: no cluster access, so a dry-run renders the same policy an apply creates.
 */
@ApplicationScoped
public class QuarantinePolicyFactory {

    private final Marks marks;

    public QuarantinePolicyFactory(Marks marks) {
        this.marks = marks;
    }

    /**
     * The quarantine policy of a pod.
     *
     * @param c2Address the C2 address; required for {@link QuarantineScope#DESTINATION}, named in the description
     *        otherwise (may be null)
     * @param incidentId the incident, noted in an annotation (may be null)
     */
    public GenericKubernetesResource policy(String namespace, String pod, QuarantineScope scope, String c2Address,
            String incidentId) {
        if (scope == QuarantineScope.DESTINATION && c2Address == null) {
            throw new IllegalArgumentException("a destination quarantine needs the C2 address");
        }
        String labelValue = marks.podLabelValue(pod);
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(marks.managedByKey(), marks.managedByValue());
        labels.put(marks.quarantineLabel(), labelValue);
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("c2.io/target-pod", namespace + "/" + pod);
        if (incidentId != null) {
            annotations.put("c2.io/incident", incidentId);
        }

        GenericKubernetesResource policy = new GenericKubernetesResource();
        policy.setApiVersion(CiliumPolicies.API_VERSION);
        policy.setKind(CiliumPolicies.KIND);
        policy.setMetadata(new ObjectMetaBuilder()
                .withName(marks.quarantinePolicyName(pod))
                .withNamespace(namespace)
                .withLabels(labels)
                .withAnnotations(annotations)
                .build());
        policy.setAdditionalProperty("spec", spec(namespace, pod, scope, c2Address, labelValue));
        return policy;
    }

    private Map<String, Object> spec(String namespace, String pod, QuarantineScope scope, String c2Address,
            String labelValue) {
        Map<String, Object> spec = new LinkedHashMap<>();
        String c2 = c2Address == null ? "" : ", seen contacting C2 " + c2Address;
        spec.put("description", switch (scope) {
            case ALL -> "D3-NTF quarantine of " + namespace + "/" + pod + c2 + ": all ingress and egress denied";
            case DESTINATION -> "D3-NTF quarantine of " + namespace + "/" + pod + c2 + ": egress to " + c2Address
                    + "/32 denied, other traffic allowed";
        });
        spec.put("endpointSelector", Map.of("matchLabels", Map.of(marks.quarantineLabel(), labelValue)));
        switch (scope) {
            case ALL -> {
                spec.put("ingressDeny", List.of(Map.of("fromEntities", List.of("all"))));
                spec.put("egressDeny", List.of(Map.of("toEntities", List.of("all"))));
            }
            case DESTINATION -> {
                Map<String, Object> defaultDeny = new LinkedHashMap<>();
                defaultDeny.put("egress", false);
                defaultDeny.put("ingress", false);
                spec.put("enableDefaultDeny", defaultDeny);
                spec.put("egressDeny", List.of(Map.of("toCIDR", List.of(c2Address + "/32"))));
            }
        }
        return spec;
    }
}
