package io.c2intents.orchestrator.service;

import io.c2intents.events.PodKey;
import io.c2intents.orchestrator.config.OrchestratorConfig;
import io.c2intents.orchestrator.view.IncidentView;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * Keeps "infected" true to the cluster: the views are rebuilt from Kafka, so they hold incidents of pods that were
 * deleted since (by hand, by a rollout, or in an earlier run on the same broker). Every
 * {@code orchestrator.pod-check-interval}, and before an intent button acts, the Kubernetes API is asked for the
 * pods of each namespace that has an infected pod; an infected pod it does not list turns its incident GONE.
 * When the API cannot be asked, nothing changes: a pod is only called gone on the API's word.
 */
@ApplicationScoped
public class PodPresence {

    private final KubernetesClient client;
    private final IncidentView incidents;
    private final OrchestratorConfig config;
    private final Vertx vertx;
    private final AtomicBoolean checking = new AtomicBoolean();
    private volatile boolean failing;
    private long timer = -1;

    public PodPresence(KubernetesClient client, IncidentView incidents, OrchestratorConfig config, Vertx vertx) {
        this.client = client;
        this.incidents = incidents;
        this.config = config;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        long every = Math.max(1, config.podCheckInterval().toMillis());
        timer = vertx.setPeriodic(every, every, id -> {
            // one check at a time: a slow API must not pile checks up on the worker pool
            if (checking.compareAndSet(false, true)) {
                vertx.executeBlocking(() -> {
                    try {
                        return check();
                    } finally {
                        checking.set(false);
                    }
                }, false);
            }
        });
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
    }

    /**
     * Checks now, on a worker thread, within {@code kubernetes-timeout}; never fails (an API that cannot be asked
     * leaves the incidents as they are).
     *
     * @return the pods whose incidents were marked GONE
     */
    public Uni<Set<String>> refresh() {
        return Uni.createFrom().item(this::check).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .ifNoItem().after(config.kubernetesTimeout()).recoverWithItem(Set.of());
    }

    /** Asks the Kubernetes API about every infected pod and marks those it does not have. */
    Set<String> check() {
        Set<String> infected = incidents.infectedPods();
        if (infected.isEmpty()) {
            return Set.of();
        }
        // before asking: an incident that changes while the API answers is left for the next check
        long checkStartedAt = incidents.changeCount();
        Instant at = Instant.now();
        Map<String, Set<String>> byNamespace = infected.stream().collect(Collectors.groupingBy(PodKey::namespace,
                LinkedHashMap::new, Collectors.toCollection(LinkedHashSet::new)));
        Set<String> gone = new LinkedHashSet<>();
        try {
            for (Map.Entry<String, Set<String>> namespace : byNamespace.entrySet()) {
                Set<String> present = client.pods().inNamespace(namespace.getKey()).list().getItems().stream()
                        .map(Pod::getMetadata).map(m -> PodKey.of(m.getNamespace(), m.getName()))
                        .collect(Collectors.toSet());
                namespace.getValue().stream().filter(key -> !present.contains(key)).forEach(gone::add);
            }
        } catch (RuntimeException e) {
            if (!failing) {
                Log.warnf("cannot ask the Kubernetes API which infected pods still exist (%s); incidents stay as "
                        + "they are until it answers", e.getMessage());
                failing = true;
            } else {
                Log.debugf("pod presence check failed again: %s", e.getMessage());
            }
            return Set.of();
        }
        if (failing) {
            Log.info("the Kubernetes API answers again: pod presence checks resumed");
            failing = false;
        }
        Set<String> marked = incidents.podsGone(gone, checkStartedAt, at);
        if (!marked.isEmpty()) {
            Log.infof("no longer in the cluster, their incidents are now GONE (not infected): %s", marked);
        }
        return marked;
    }
}
