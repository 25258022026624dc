package io.c2intents.lab.pod;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.logging.Logger;

/**
 * The Running pods of the lab and their runtimes, kept in step with the API by the controller, which is the only
 * caller of {@link #started}, {@link #stopped} and {@link #observed}. Everyone else reads, and listens.
 */
public final class PodRegistry {

    private static final Logger LOG = Logger.getLogger(PodRegistry.class);

    private final Map<String, PodRuntime> pods = new ConcurrentHashMap<>();
    private final List<PodLifecycleListener> listeners = new CopyOnWriteArrayList<>();

    /** The runtime of a Running pod. */
    public Optional<PodRuntime> find(String namespace, String name) {
        return Optional.ofNullable(pods.get(namespace + "/" + name));
    }

    /** Every Running pod. */
    public List<PodRuntime> all() {
        return new ArrayList<>(pods.values());
    }

    /** The Running pod with this IP, if any. */
    public Optional<PodRuntime> byIp(String ip) {
        return pods.values().stream().filter(pod -> ip.equals(pod.podIp())).findFirst();
    }

    /** Registers a listener; it is first told about every pod already Running. */
    public void addListener(PodLifecycleListener listener) {
        listeners.add(Objects.requireNonNull(listener));
        pods.values().forEach(pod -> notify(listener, "podCreated", () -> listener.podCreated(pod)));
    }

    public void removeListener(PodLifecycleListener listener) {
        listeners.remove(listener);
    }

    /** Controller: a pod started. */
    public void started(PodRuntime pod) {
        pods.put(pod.key(), pod);
        listeners.forEach(listener -> notify(listener, "podCreated", () -> listener.podCreated(pod)));
    }

    /** Controller: a pod is gone. */
    public void stopped(PodRuntime pod) {
        if (pods.remove(pod.key(), pod)) {
            listeners.forEach(listener -> notify(listener, "podDeleted", () -> listener.podDeleted(pod)));
        }
    }

    /** Controller: the latest API object of a Running pod; tells listeners when its labels changed. */
    public void observed(PodRuntime runtime, Pod latest) {
        Map<String, String> previous = runtime.update(latest);
        if (!previous.equals(runtime.labels())) {
            listeners.forEach(listener -> notify(listener, "podRelabelled",
                    () -> listener.podRelabelled(runtime, previous)));
        }
    }

    private static void notify(PodLifecycleListener listener, String event, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warnf(e, "pod listener %s failed on %s", listener, event);
        }
    }
}
