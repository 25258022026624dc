package io.c2intents.lab.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * Which stored policy a verdict came from, as Hubble names it in {@code egress_denied_by} / {@code ingress_denied_by}.
 *
 * @param kind {@code CiliumNetworkPolicy} or {@code CiliumClusterwideNetworkPolicy}
 * @param namespace the policy's namespace (empty for a clusterwide one)
 * @param name its name
 * @param uid its metadata.uid (may be empty)
 * @param revision the lab's policy revision the verdict was made at
 */
public record PolicyRef(String kind, String namespace, String name, String uid, long revision) {

    /** The labels Cilium derives for a policy's rules ({@code io.cilium.k8s.policy.*}), as Hubble prints them. */
    public List<String> labels() {
        List<String> labels = new ArrayList<>();
        labels.add("k8s:io.cilium.k8s.policy.derived-from=" + kind);
        labels.add("k8s:io.cilium.k8s.policy.name=" + name);
        if (!namespace.isEmpty()) {
            labels.add("k8s:io.cilium.k8s.policy.namespace=" + namespace);
        }
        if (!uid.isEmpty()) {
            labels.add("k8s:io.cilium.k8s.policy.uid=" + uid);
        }
        return labels;
    }

    @Override
    public String toString() {
        return kind + " " + (namespace.isEmpty() ? "" : namespace + "/") + name;
    }
}
