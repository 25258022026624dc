package io.c2intents.scenario.deploy;

import static io.c2intents.scenario.deploy.DeployFiles.SERVICES;
import static io.c2intents.scenario.deploy.DeployFiles.resources;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.c2intents.lab.LabCluster;
import io.c2intents.lab.LabConfig;
import io.c2intents.testsupport.SharedData;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Applies the namespace and the four services' manifests from {@code deploy/} to the lab cluster through Fabric8,
 * object by object as {@code kubectl apply} would create them, and checks what a user checks after deploying: every
 * Deployment available with its pods Running under the service's own ServiceAccount, each Service selecting them, and
 * the ServiceAccounts, ClusterRoles and bindings stored. The lab's controller runs pods without pulling or starting
 * the images, so this proves the manifests are accepted and wired together, not that the JVMs start. Strimzi's
 * resources are left out: the lab has no Strimzi operator or CRDs ({@link DeployManifestsTest} checks them).
 */
class DeployLabTest {

    private static final String NAMESPACE = "c2intents";

    private static LabCluster lab;
    private static KubernetesClient client;

    @BeforeAll
    static void applyDeploy() {
        LabConfig config = LabConfig.forTests().withNodes(2);
        config = SharedData.dir().map(d -> d.resolve("cilium-crds")).filter(Files::isDirectory)
                .map(config::withCiliumCrdDir).orElse(config);
        lab = LabCluster.start(config);
        client = lab.client();
        List<HasMetadata> objects = new ArrayList<>(resources("namespace.yaml"));
        SERVICES.forEach(service -> objects.addAll(resources("services/" + service + ".yml")));
        for (HasMetadata object : objects) {
            client.resource(object).create();
        }
    }

    @AfterAll
    static void stopLab() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void everyServiceBecomesAvailableWithItsPodsRunningUnderItsServiceAccount() {
        for (String service : SERVICES) {
            await(service + " available").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                Deployment deployment = client.apps().deployments().inNamespace(NAMESPACE).withName(service).get();
                assertThat(deployment).isNotNull();
                assertThat(deployment.getStatus()).isNotNull();
                assertThat(deployment.getStatus().getAvailableReplicas()).isEqualTo(deployment.getSpec().getReplicas());
                assertThat(deployment.getStatus().getConditions())
                        .anySatisfy(c -> assertThat(c.getType() + "=" + c.getStatus()).isEqualTo("Available=True"));
            });
            Service svc = client.services().inNamespace(NAMESPACE).withName(service).get();
            assertThat(svc).as("Service " + service).isNotNull();
            List<Pod> pods = client.pods().inNamespace(NAMESPACE).withLabels(svc.getSpec().getSelector()).list()
                    .getItems();
            assertThat(pods).as("pods selected by Service " + service).isNotEmpty().allSatisfy(pod -> {
                assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
                assertThat(pod.getSpec().getServiceAccountName()).isEqualTo(service);
                assertThat(pod.getSpec().getContainers().get(0).getImage()).startsWith("c2intents/" + service + ":");
            });
            assertThat(client.serviceAccounts().inNamespace(NAMESPACE).withName(service).get())
                    .as("ServiceAccount " + service).isNotNull();
        }
    }

    @Test
    void clusterRolesAndBindingsAreStoredForTheServicesThatCallTheApi() {
        for (String service : List.of("attack-simulator", "mitigation-service", "orchestrator-service")) {
            ClusterRole role = client.rbac().clusterRoles().withName(service).get();
            assertThat(role).as("ClusterRole " + service).isNotNull();
            assertThat(role.getRules()).isNotEmpty();
            ClusterRoleBinding binding = client.rbac().clusterRoleBindings().withName(service).get();
            assertThat(binding).as("ClusterRoleBinding " + service).isNotNull();
            assertThat(binding.getRoleRef().getName()).isEqualTo(service);
            assertThat(binding.getSubjects()).anySatisfy(s -> {
                assertThat(s.getKind()).isEqualTo("ServiceAccount");
                assertThat(s.getName()).isEqualTo(service);
                assertThat(s.getNamespace()).isEqualTo(NAMESPACE);
            });
        }
        assertThat(client.rbac().clusterRoles().withName("observer-service").get())
                .as("observer-service has no API rights").isNull();
        assertThat(client.rbac().clusterRoleBindings().withName("observer-service").get()).isNull();
    }
}
