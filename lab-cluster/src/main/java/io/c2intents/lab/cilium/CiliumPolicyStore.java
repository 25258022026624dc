package io.c2intents.lab.cilium;

import io.c2intents.lab.api.ApiStore;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The Cilium policies currently stored in the lab's API, as the datapath (part 2) judges packets against them: an
 * immutable {@link Snapshot} refreshed after every write to {@code ciliumnetworkpolicies} or
 * {@code ciliumclusterwidenetworkpolicies}, whoever made it (Fabric8, kubectl, a namespace deletion), with
 * listeners told of each new snapshot on the store's own thread.
 */
public final class CiliumPolicyStore implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CiliumPolicyStore.class);

    /**
     * The stored policies at one moment.
     *
     * @param version increases with every refresh
     * @param networkPolicies every CiliumNetworkPolicy, all namespaces
     * @param clusterwidePolicies every CiliumClusterwideNetworkPolicy
     */
    public record Snapshot(long version, List<GenericKubernetesResource> networkPolicies,
            List<GenericKubernetesResource> clusterwidePolicies) {
    }

    private final ApiStore store;
    private final List<Consumer<Snapshot>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong versions = new AtomicLong();
    private final AtomicBoolean refreshQueued = new AtomicBoolean();
    private final ExecutorService refresher = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "lab-policy-store");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Snapshot current = new Snapshot(0, List.of(), List.of());

    public CiliumPolicyStore(ApiStore store) {
        this.store = store;
    }

    /** The policies as of the last refresh. */
    public Snapshot snapshot() {
        return current;
    }

    /** Called with every new snapshot (and at once with the current one). */
    public void addListener(Consumer<Snapshot> listener) {
        listeners.add(listener);
        listener.accept(current);
    }

    public void removeListener(Consumer<Snapshot> listener) {
        listeners.remove(listener);
    }

    /** Re-reads the policies now, on the caller's thread, and tells listeners. */
    public Snapshot refreshNow() {
        List<GenericKubernetesResource> namespaced = store.list(
                "/apis/" + CiliumCrds.GROUP + "/" + CiliumCrds.VERSION + "/" + CiliumCrds.CNP,
                GenericKubernetesResource.class);
        List<GenericKubernetesResource> clusterwide = store.list(
                "/apis/" + CiliumCrds.GROUP + "/" + CiliumCrds.VERSION + "/" + CiliumCrds.CCNP,
                GenericKubernetesResource.class);
        Snapshot snapshot = new Snapshot(versions.incrementAndGet(), List.copyOf(namespaced), List.copyOf(clusterwide));
        current = snapshot;
        for (Consumer<Snapshot> listener : listeners) {
            try {
                listener.accept(snapshot);
            } catch (RuntimeException e) {
                LOG.warnf(e, "policy listener %s failed", listener);
            }
        }
        return snapshot;
    }

    /** Schedules a refresh on the store's thread; several requests before it runs make one refresh. */
    public void refreshSoon() {
        if (refreshQueued.compareAndSet(false, true)) {
            refresher.execute(() -> {
                refreshQueued.set(false);
                try {
                    refreshNow();
                } catch (RuntimeException e) {
                    LOG.warn("cannot refresh the Cilium policies", e);
                }
            });
        }
    }

    @Override
    public void close() {
        refresher.shutdownNow();
    }
}
