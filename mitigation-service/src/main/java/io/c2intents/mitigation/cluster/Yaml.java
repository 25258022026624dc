package io.c2intents.mitigation.cluster;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Objects as the YAML a person would {@code kubectl apply}. Fabric8's own serialisation, without a client, so a
 * dry-run renders YAML with no Kubernetes API at hand.
 */
public final class Yaml {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Yaml() {
    }

    public static String of(Object object) {
        String yaml = SERIALIZATION.asYaml(object);
        return yaml.startsWith("---\n") ? yaml.substring(4) : yaml;
    }
}
