package io.c2intents.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The machine's own kubectl against the lab, as an operator would use it. Skips where kubectl is absent. */
class KubectlTest {

    private static final ResourceDefinitionContext CNP = new ResourceDefinitionContext.Builder()
            .withGroup("cilium.io").withVersion("v2").withPlural("ciliumnetworkpolicies")
            .withKind("CiliumNetworkPolicy").withNamespaced(true).build();

    private static Path kubectl;
    private static LabCluster lab;
    private static KubernetesClient client;
    private static String podName;

    @TempDir
    static Path home;

    @BeforeAll
    static void start() {
        Optional<Path> found = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, "kubectl")).filter(Files::isExecutable).findFirst();
        Assumptions.assumeTrue(found.isPresent(), "skipped: no kubectl on the PATH (these machines have kubectl "
                + "1.32; install it to run this test)");
        kubectl = found.get();
        lab = LabCluster.start(LabConfig.forTests());
        client = lab.client();
        client.apps().deployments().resource(Workloads.alpine("target", 2)).create();
        await().atMost(Duration.ofSeconds(10)).until(() -> lab.pods().all().size() == 2);
        podName = lab.pods().all().get(0).name();
        client.genericKubernetesResources(CNP).inNamespace("default").resource(Serialization.unmarshal("""
                {"apiVersion":"cilium.io/v2","kind":"CiliumNetworkPolicy",
                 "metadata":{"name":"allow-world","namespace":"default"},
                 "spec":{"endpointSelector":{"matchLabels":{"app":"target"}},"egress":[{"toEntities":["world"]}]}}
                """, GenericKubernetesResource.class)).create();
    }

    @AfterAll
    static void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    record Run(int code, String out, String err) {
    }

    private static Run kubectl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(kubectl.toString(), "--server", lab.kubernetesUrl(),
                "--request-timeout", "10s"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("HOME", home.toString());
        builder.environment().put("KUBECONFIG", home.resolve("none").toString());
        Path out = home.resolve("out.txt");
        Path err = home.resolve("err.txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = builder.start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish in 30 s");
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void getPodsInAllNamespaces() throws Exception {
        Run run = kubectl("get", "pods", "-A");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("default").contains(podName);
    }

    @Test
    void getCiliumNetworkPoliciesByShortName() throws Exception {
        Run run = kubectl("get", "cnp", "-A");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("allow-world");
    }

    @Test
    void labelAPod() throws Exception {
        Run run = kubectl("label", "pod", podName, "c2intents.io/status=infected", "-n", "default");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("labeled");
        Pod pod = client.pods().withName(podName).get();
        assertThat(pod.getMetadata().getLabels()).containsEntry("c2intents.io/status", "infected");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                lab.pods().find("default", podName).orElseThrow().labels())
                .containsEntry("c2intents.io/status", "infected"));
    }

    @Test
    void patchWithMergeAndJsonPatchButNotStrategicMerge() throws Exception {
        Run merge = kubectl("patch", "cnp", "allow-world", "--type", "merge", "-p",
                "{\"metadata\":{\"labels\":{\"c2intents.io/owner\":\"lab\"}}}");
        assertThat(merge.code()).as(merge.err()).isZero();
        assertThat(client.genericKubernetesResources(CNP).inNamespace("default").withName("allow-world").get()
                .getMetadata().getLabels()).containsEntry("c2intents.io/owner", "lab");

        Run json = kubectl("patch", "pod", podName, "--type", "json", "-p",
                "[{\"op\":\"add\",\"path\":\"/metadata/annotations\",\"value\":{\"checked\":\"yes\"}}]");
        assertThat(json.code()).as(json.err()).isZero();
        assertThat(client.pods().withName(podName).get().getMetadata().getAnnotations())
                .containsEntry("checked", "yes");

        // kubectl's default for built-in kinds: a strategic merge patch; without lists it is applied as a merge
        Run strategic = kubectl("patch", "pod", podName, "-p", "{\"metadata\":{\"labels\":{\"x\":\"y\"}}}");
        assertThat(strategic.code()).as(strategic.err()).isZero();
        assertThat(client.pods().withName(podName).get().getMetadata().getLabels()).containsEntry("x", "y");

        Run withList = kubectl("patch", "pod", podName, "-p",
                "{\"spec\":{\"containers\":[{\"name\":\"main\",\"image\":\"alpine:3.19\"}]}}");
        assertThat(withList.code()).isNotZero();
        assertThat(withList.err()).contains("strategic merge").contains("--type merge");

        Run onCustomResource = kubectl("patch", "cnp", "allow-world", "-p", "{\"metadata\":{\"labels\":{\"x\":\"y\"}}}");
        assertThat(onCustomResource.code()).isNotZero();
        assertThat(onCustomResource.err()).contains("not supported for custom resources").contains("--type merge");
    }

    @Test
    void removeALabelWithTheTrailingDash() throws Exception {
        Run add = kubectl("label", "pod", podName, "c2intents.io/owner=lab", "-n", "default");
        assertThat(add.code()).as(add.err()).isZero();

        Run remove = kubectl("label", "pod", podName, "c2intents.io/owner-", "-n", "default");

        assertThat(remove.code()).as(remove.err()).isZero();
        assertThat(client.pods().withName(podName).get().getMetadata().getLabels())
                .doesNotContainKey("c2intents.io/owner");
    }

    @Test
    void cordonAndUncordonANode() throws Exception {
        Run cordon = kubectl("cordon", "lab-node-3");
        assertThat(cordon.code()).as(cordon.err()).isZero();
        assertThat(client.nodes().withName("lab-node-3").get().getSpec().getUnschedulable()).isTrue();

        Run uncordon = kubectl("uncordon", "lab-node-3");
        assertThat(uncordon.code()).as(uncordon.err()).isZero();
        assertThat(client.nodes().withName("lab-node-3").get().getSpec().getUnschedulable()).isNotEqualTo(Boolean.TRUE);
    }

    @Test
    void deleteAPodAndItIsReplaced() throws Exception {
        String victim = lab.pods().all().get(1).name();
        Run run = kubectl("delete", "pod", victim, "--wait=false");
        assertThat(run.code()).as(run.err()).isZero();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(lab.pods().find("default", victim)).isEmpty();
            assertThat(lab.pods().all()).hasSize(2);
        });
    }
}
