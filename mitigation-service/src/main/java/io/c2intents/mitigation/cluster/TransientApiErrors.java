package io.c2intents.mitigation.cluster;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.util.Set;

/**
 * Which Kubernetes API failures are worth another attempt: the server was unreachable or overloaded, or an object
 * changed under us. A 4xx about the request itself (forbidden, not found, invalid) would fail the same way again.
 */
public final class TransientApiErrors {

    private static final Set<Integer> TRANSIENT_CODES = Set.of(0, 408, 409, 429, 500, 502, 503, 504);

    private TransientApiErrors() {
    }

    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof KubernetesClientException k) {
                if (TRANSIENT_CODES.contains(k.getCode())) {
                    return true;
                }
                // -1 / other codes with an I/O cause: the request never got an answer
                if (k.getCode() < HttpURLConnection.HTTP_OK && hasIoCause(k)) {
                    return true;
                }
                return false;
            }
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasIoCause(Throwable t) {
        for (Throwable c = t.getCause(); c != null; c = c.getCause()) {
            if (c instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    /** A reason a person can read: the HTTP status and the server's message, without Fabric8's stack of wrappers. */
    public static String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof KubernetesClientException k) {
                String status = k.getCode() > 0 ? "HTTP " + k.getCode() + ": " : "";
                String message = k.getStatus() != null && k.getStatus().getMessage() != null
                        ? k.getStatus().getMessage() : rootMessage(k);
                return status + message;
            }
        }
        return rootMessage(failure);
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String top = failure.getMessage();
        String bottom = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return top == null || top.equals(bottom) ? bottom : top + " (" + bottom + ")";
    }
}
