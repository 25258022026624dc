package io.c2intents.mitigation.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * CiliumNetworkPolicies (cilium.io/v2) as generic resources: no generated model to keep in step with Cilium, and
 * any server that serves the group works.
 */
public final class CiliumPolicies {

    public static final String API_VERSION = "cilium.io/v2";
    public static final String KIND = "CiliumNetworkPolicy";

    public static final ResourceDefinitionContext CONTEXT = new ResourceDefinitionContext.Builder()
            .withGroup("cilium.io")
            .withVersion("v2")
            .withKind(KIND)
            .withPlural("ciliumnetworkpolicies")
            .withNamespaced(true)
            .build();

    private CiliumPolicies() {
    }

    public static NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>> in(KubernetesClient client, String namespace) {
        return client.genericKubernetesResources(CONTEXT).inNamespace(namespace);
    }
}
