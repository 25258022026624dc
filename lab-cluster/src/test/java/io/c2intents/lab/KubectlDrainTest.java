package io.c2intents.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubectl drain} against the lab, as an operator shutting a host down by hand would run it: it cordons with a
 * strategic merge patch, lists the node's pods as a typed {@code PodList} and evicts them. Own lab, because the
 * drain moves pods other kubectl tests hold on to. Skips where kubectl is absent.
 */
class KubectlDrainTest {

    private LabCluster lab;
    private KubernetesClient client;
    private Path kubectl;

    @TempDir
    Path home;

    @BeforeEach
    void start() {
        Optional<Path> found = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, "kubectl")).filter(Files::isExecutable).findFirst();
        Assumptions.assumeTrue(found.isPresent(), "skipped: no kubectl on the PATH");
        kubectl = found.get();
        lab = LabCluster.start(LabConfig.forTests());
        client = lab.client();
    }

    @AfterEach
    void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void drainEvictsTheNodesPodsAndTheirReplacementsRunElsewhere() throws Exception {
        client.apps().deployments().resource(Workloads.alpine("target", 6)).create();
        await().atMost(Duration.ofSeconds(10)).until(() -> running().size() == 6);
        List<String> onNode1 = running().stream().filter(p -> p.getSpec().getNodeName().equals("lab-node-1"))
                .map(p -> p.getMetadata().getName()).toList();
        assertThat(onNode1).isNotEmpty();

        ProcessBuilder builder = new ProcessBuilder(kubectl.toString(), "--server", lab.kubernetesUrl(), "drain",
                "lab-node-1", "--ignore-daemonsets", "--timeout=60s").redirectErrorStream(true)
                .redirectOutput(home.resolve("out.txt").toFile());
        builder.environment().put("HOME", home.toString());
        builder.environment().put("KUBECONFIG", home.resolve("none").toString());
        Process drain = builder.start();
        assertThat(drain.waitFor(90, TimeUnit.SECONDS)).as("kubectl drain finished").isTrue();
        String out = Files.readString(home.resolve("out.txt"), StandardCharsets.UTF_8);

        assertThat(drain.exitValue()).as(out).isZero();
        assertThat(out).contains("node/lab-node-1 cordoned").contains("node/lab-node-1 drained");
        onNode1.forEach(name -> assertThat(out).contains("pod/" + name + " evicted"));
        assertThat(client.nodes().withName("lab-node-1").get().getSpec().getUnschedulable()).isTrue();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<Pod> pods = running();
            assertThat(pods).hasSize(6);
            assertThat(pods).noneMatch(p -> p.getSpec().getNodeName().equals("lab-node-1"));
        });
    }

    private List<Pod> running() {
        return client.pods().inNamespace("default").withLabel("app", "target").list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .filter(p -> "Running".equals(p.getStatus().getPhase())).toList();
    }
}
