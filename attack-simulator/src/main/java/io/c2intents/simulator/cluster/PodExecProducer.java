package io.c2intents.simulator.cluster;

import io.c2intents.simulator.config.SimulatorConfig;
import io.c2intents.support.cluster.PodExec;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The shared {@link PodExec}, bounded by {@code simulator.exec-timeout}. */
public class PodExecProducer {

    @Produces
    @Singleton
    PodExec podExec(KubernetesClient client, SimulatorConfig config) {
        return new PodExec(client, config.execTimeout());
    }
}
