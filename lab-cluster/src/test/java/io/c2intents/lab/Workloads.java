package io.c2intents.lab;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;

/** Test workloads shaped like the reference demo's: alpine running crond and a ping loop. */
final class Workloads {

    private Workloads() {
    }

    static Deployment alpine(String name, int replicas) {
        return new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace("default").addToLabels("app", name).endMetadata()
                .withNewSpec()
                    .withReplicas(replicas)
                    .withNewSelector().addToMatchLabels("app", name).endSelector()
                    .withNewTemplate()
                        .withNewMetadata().addToLabels("app", name).endMetadata()
                        .withNewSpec()
                            .addNewContainer()
                                .withName("alpine")
                                .withImage("alpine:3.21")
                                .withCommand("/bin/sh", "-c", "crond -b; while true; do ping -c 1 8.8.8.8; sleep 5; done")
                            .endContainer()
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }
}
