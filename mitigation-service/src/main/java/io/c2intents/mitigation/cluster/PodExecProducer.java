package io.c2intents.mitigation.cluster;

import io.c2intents.mitigation.config.MitigationConfig;
import io.c2intents.support.cluster.PodExec;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The shared {@link PodExec}, bounded by {@code mitigation.exec-timeout}. */
public class PodExecProducer {

    @Produces
    @Singleton
    PodExec podExec(KubernetesClient client, MitigationConfig config) {
        return new PodExec(client, config.execTimeout());
    }
}
