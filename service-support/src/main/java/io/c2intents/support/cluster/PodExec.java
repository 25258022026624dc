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
import org.jboss.logging.Logger;

/**
 * Runs a program inside a pod's container, as {@code kubectl exec} does: an argument array, never a command line
 * assembled from input. Blocking (call it on a worker thread), bounded by the timeout it is built with (the
 * service's {@code *.exec-timeout}). Not a CDI bean: each service builds one from its client and its setting.
 */
public class PodExec {

    private static final Logger LOG = Logger.getLogger(PodExec.class);

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

    /**
     * Runs {@code argv}, a command that may safely run twice (reading a file, deleting lines that match, appending a
     * name to {@code cron.update}), and runs it again, up to {@code attempts} times in all, when its exec got no
     * answer: the connection ended without an exit status, or no status came within the timeout. Such a lost answer
     * says nothing about the command (it may have run), which is why only an idempotent command may be repeated.
     * Any exit status, zero or not, is returned at once.
     *
     * @throws ExecFailed when every attempt went unanswered, or the wait was interrupted
     * @throws KubernetesClientException when the exec is refused (the caller decides whether that is transient)
     */
    public Result runIdempotent(String namespace, String pod, String container, List<String> argv, int attempts) {
        String where = namespace + "/" + pod;
        for (int attempt = 1; ; attempt++) {
            String lost;
            try {
                Result result = run(namespace, pod, container, argv);
                if (result.exitCode() >= 0) {
                    return result;
                }
                lost = "the connection ended without an exit status";
                if (attempt >= attempts) {
                    return result;
                }
            } catch (ExecFailed e) {
                if (!(e.getCause() instanceof TimeoutException) || attempt >= attempts) {
                    throw e;
                }
                lost = e.getMessage();
            } catch (KubernetesClientException e) {
                // the exec's WebSocket never opened in time ("not ready after ..."): the request may have reached
                // the pod or not
                if (!timedOut(e) || attempt >= attempts) {
                    throw e;
                }
                lost = "its connection did not open: " + e.getMessage();
            }
            LOG.warnf("exec %s in %s got no answer (%s), attempt %d of %d: running it again (it is idempotent)",
                    argv.get(0), where, lost, attempt, attempts);
        }
    }

    private static boolean timedOut(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** An exec that did not complete. */
    public static class ExecFailed extends RuntimeException {

        public ExecFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
