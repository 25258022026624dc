package io.c2intents.mitigation.lab;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The tests' own workloads in the lab, each in a namespace of its own: the same alpine pods as the experiment
 * (crond plus a ping loop to 8.8.8.8), infected as the attacker does it, through exec.
 */
public final class LabWorkloads {

    public static final String CRONTAB = "/etc/crontabs/root";
    public static final String CRON_UPDATE = "/etc/crontabs/cron.update";
    public static final String INFECTION = "* * * * * ping 1.1.1.1 -c5 >> /var/log/cron.log 2>&1";
    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final KubernetesClient client;

    public LabWorkloads(KubernetesClient client) {
        this.client = client;
    }

    public KubernetesClient client() {
        return client;
    }

    /** A fresh namespace, unique across test classes sharing the JVM. */
    public String namespace(String prefix) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
                .create();
        return name;
    }

    /** A Deployment of alpine pods, waited for until every replica runs; returns the pods. */
    public List<Pod> deployment(String namespace, String name, int replicas) {
        Deployment deployment = new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).addToLabels("app", name).endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withSpec(alpineSpec()).endTemplate()
                .endSpec().build();
        client().apps().deployments().inNamespace(namespace).resource(deployment).create();
        return awaitRunning(namespace, name, replicas);
    }

    /** A pod without owner, waited for until it runs. */
    public Pod standalonePod(String namespace, String name, Map<String, String> labels) {
        Pod pod = new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels)
                .endMetadata().withSpec(alpineSpec()).build();
        client().pods().inNamespace(namespace).resource(pod).create();
        await().atMost(TIMEOUT).until(() -> running(client().pods().inNamespace(namespace).withName(name).get()));
        return client().pods().inNamespace(namespace).withName(name).get();
    }

    public List<Pod> awaitRunning(String namespace, String app, int count) {
        await().atMost(TIMEOUT).until(() -> runningPods(namespace, app).size() == count);
        return runningPods(namespace, app);
    }

    public List<Pod> runningPods(String namespace, String app) {
        return client().pods().inNamespace(namespace).withLabel("app", app).list().getItems().stream()
                .filter(LabWorkloads::running).toList();
    }

    /** Appends the reference demo's C2 entry to the pod's crontab and tells crond, as the attacker does. */
    public void infect(String namespace, String pod) {
        ExecResult result = exec(namespace, pod, "sh", "-c", "echo '" + INFECTION + "' >> " + CRONTAB + " && echo root >> " + CRON_UPDATE);
        if (result.code() != 0) {
            throw new AssertionError("infection failed: " + result.err());
        }
    }

    /** A file inside the pod's container, read with {@code cat} through exec; null when it does not exist. */
    public String file(String namespace, String pod, String path) {
        ExecResult result = exec(namespace, pod, "cat", path);
        if (result.code() != 0) {
            if (result.err().contains("No such file")) {
                return null;
            }
            throw new AssertionError("cat " + path + " in " + pod + " exited " + result.code() + ": " + result.err());
        }
        return result.out();
    }

    /** What one exec left behind. */
    public record ExecResult(int code, String out, String err) {
    }

    public ExecResult exec(String namespace, String pod, String... command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ExecWatch watch = client().pods().inNamespace(namespace).withName(pod).writingOutput(out)
                .writingError(err).exec(command)) {
            int code = watch.exitCode().get(10, TimeUnit.SECONDS);
            return new ExecResult(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new AssertionError("exec in " + namespace + "/" + pod + " failed", e);
        }
    }

    public static boolean running(Pod pod) {
        return pod != null && pod.getMetadata().getDeletionTimestamp() == null && pod.getStatus() != null
                && "Running".equals(pod.getStatus().getPhase());
    }

    private static PodSpec alpineSpec() {
        return new PodSpecBuilder()
                .withTerminationGracePeriodSeconds(2L)
                .addNewContainer().withName("workload").withImage("alpine:3.20")
                .withCommand("sh", "-c", "crond; while true; do ping -c 1 8.8.8.8; sleep 5; done")
                .endContainer().build();
    }
}
