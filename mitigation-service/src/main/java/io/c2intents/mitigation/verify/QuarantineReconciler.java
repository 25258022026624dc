package io.c2intents.mitigation.verify;

import io.c2intents.mitigation.action.Marks;
import io.c2intents.mitigation.action.cilium.QuarantineAction;
import io.c2intents.mitigation.cluster.CiliumPolicies;
import io.c2intents.mitigation.config.MitigationConfig;
import io.c2intents.mitigation.incident.Incident;
import io.c2intents.mitigation.incident.IncidentRegistry;
import io.c2intents.mitigation.incident.IncidentRunner;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Map;

/**
 * Keeps the containment of open incidents true, like a controller: every reconcile interval (wall time: this is a
 * resync, not a window) it looks, for each open incident that holds a quarantine, whether the pod's quarantine policy
 * and label are still on the cluster, and has the runner put them back if someone deleted either. Steps left for
 * later (a lift or restore the API refused) are retried on the same tick. Cluster reads run on worker threads. A
 * quarantine a person lifted with a revert request is not put back: that request closed its incident (RELEASED), so
 * it is no longer among the open ones. Passes are counted in {@code mitigation.intents.reconciles}.
 */
@ApplicationScoped
public class QuarantineReconciler {

    private final IncidentRegistry registry;
    private final IncidentRunner runner;
    private final KubernetesClient client;
    private final Marks marks;
    private final Duration interval;
    private final Counter passes;
    private Cancellable ticks;

    public QuarantineReconciler(IncidentRegistry registry, IncidentRunner runner, KubernetesClient client,
            Marks marks, MitigationConfig config, MeterRegistry meters) {
        this.registry = registry;
        this.runner = runner;
        this.client = client;
        this.marks = marks;
        this.interval = config.intents().reconcileInterval();
        this.passes = meters.counter("mitigation.intents.reconciles");
    }

    void onStart(@Observes StartupEvent start) {
        ticks = Multi.createFrom().ticks().every(interval)
                .onOverflow().drop()
                .onItem().transformToUniAndConcatenate(tick -> reconcile()
                        .onFailure().recoverWithItem(e -> {
                            Log.warnf("reconcile failed: %s", e.getMessage());
                            return 0;
                        }))
                .subscribe().with(restored -> { }, e -> Log.errorf(e, "reconcile loop stopped"));
    }

    void onStop(@Observes ShutdownEvent stop) {
        if (ticks != null) {
            ticks.cancel();
        }
    }

    /** One pass over the open incidents; yields how many containments were put back. */
    public Uni<Integer> reconcile() {
        return Uni.createFrom().item(() -> {
            int restored = 0;
            for (Incident incident : registry.open()) {
                runner.retryParked(incident).subscribe().with(x -> { }, e -> Log.errorf(e, "%s", incident));
                if (!incident.contained() || incident.containment() == null
                        || !QuarantineAction.ADDRESS.equals(incident.containment().action())) {
                    continue;
                }
                if (missing(incident)) {
                    Log.infof("%s: quarantine missing from the cluster, restoring it", incident);
                    runner.restore(incident).subscribe().with(x -> { }, e -> Log.errorf(e, "%s", incident));
                    restored++;
                }
            }
            passes.increment();
            return restored;
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private boolean missing(Incident incident) {
        Pod pod = client.pods().inNamespace(incident.namespace()).withName(incident.podName()).get();
        if (pod == null) {
            // the pod is gone (terminated): nothing left to hold; the lift deletes the orphan policy
            return false;
        }
        Map<String, String> labels = pod.getMetadata().getLabels();
        boolean labelled = labels != null && marks.podLabelValue(incident.podName())
                .equals(labels.get(marks.quarantineLabel()));
        boolean policy = CiliumPolicies.in(client, incident.namespace())
                .withName(marks.quarantinePolicyName(incident.podName())).get() != null;
        return !labelled || !policy;
    }
}
