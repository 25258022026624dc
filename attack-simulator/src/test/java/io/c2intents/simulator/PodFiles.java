package io.c2intents.simulator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Reads a file inside a pod the way {@code kubectl exec <pod> -- cat <file>} does, independently of the service. */
public final class PodFiles {

    private PodFiles() {
    }

    public static String read(KubernetesClient client, String namespace, String pod, String path) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ExecWatch watch = client.pods().inNamespace(namespace).withName(pod).writingOutput(out).exec("cat", path)) {
            Integer code = watch.exitCode().get(30, TimeUnit.SECONDS);
            if (code == null || code != 0) {
                throw new AssertionError("cat " + path + " in " + namespace + "/" + pod + " exited " + code);
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new AssertionError("cannot read " + path + " in " + namespace + "/" + pod + ": " + e, e);
        }
    }
}
