package io.c2intents.simulator.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * CiliumNetworkPolicies as generic resources: the simulator only creates, compares and deletes them, so it needs no
 * generated model, and it works on any server that serves {@code cilium.io/v2}.
 */
public final class CiliumPolicies {

    public static final ResourceDefinitionContext CONTEXT = new ResourceDefinitionContext.Builder()
            .withGroup("cilium.io")
            .withVersion("v2")
            .withKind("CiliumNetworkPolicy")
            .withPlural("ciliumnetworkpolicies")
            .withNamespaced(true)
            .build();

    private CiliumPolicies() {
    }

    public static NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>> in(KubernetesClient client, String namespace) {
        MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> all =
                client.genericKubernetesResources(CONTEXT);
        return all.inNamespace(namespace);
    }
}
