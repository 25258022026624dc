package io.c2intents.support.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a program inside a pod's container, as {@code kubectl exec} does: an argument array, never a command line
 * assembled from input. Blocking (call it on a worker thread), bounded by the timeout it is built with (the
 * service's {@code *.exec-timeout}). Not a CDI bean: each service builds one from its client and its setting.
 */
public class PodExec {

    /**
     * What the program left behind.
     *
     * @param exitCode its exit status (-1 when the server did not say)
     * @param stdout its standard output
     * @param stderr its standard error
     */
    public record Result(int exitCode, String stdout, String stderr) {

        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    private final KubernetesClient client;
    private final Duration timeout;

    public PodExec(KubernetesClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    /**
     * Runs {@code argv} and waits for it to end.
     *
     * @throws KubernetesClientException when the exec cannot be opened or its connection fails (the caller decides
     *     whether that is transient)
     * @throws ExecFailed when it does not end in time or is interrupted
     */
    public Result run(String namespace, String pod, String container, List<String> argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String where = namespace + "/" + pod + "[" + container + "]";
        try (ExecWatch watch = client.pods().inNamespace(namespace).withName(pod).inContainer(container)
                .writingOutput(out).writingError(err).exec(argv.toArray(String[]::new))) {
            Integer code = watch.exitCode().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Result(code == null ? -1 : code, out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8));
        } catch (TimeoutException e) {
            throw new ExecFailed("exec " + argv.get(0) + " in " + where + " took longer than " + timeout, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof KubernetesClientException k) {
                throw k;
            }
            throw new ExecFailed("exec " + argv.get(0) + " in " + where + " failed: " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExecFailed("exec in " + where + " interrupted", e);
        }
    }

    /** An exec that did not complete. */
    public static class ExecFailed extends RuntimeException {

        public ExecFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
