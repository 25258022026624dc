package io.c2intents.orchestrator.view;

import io.c2intents.events.C2Alert;
import io.c2intents.orchestrator.config.OrchestratorConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** The latest revision of each alert (bounded), and a live feed of new revisions. */
@ApplicationScoped
public class AlertView {

    private final BoundedMap<String, C2Alert> alerts;
    private final BroadcastProcessor<C2Alert> live = BroadcastProcessor.create();
    private final int streamBuffer;

    public AlertView(OrchestratorConfig config) {
        this.alerts = new BoundedMap<>(config.alertCapacity());
        this.streamBuffer = config.streamBuffer();
    }

    /** Keeps the alert unless a newer revision of it is known already; returns whether it was newer. */
    public boolean add(C2Alert alert) {
        synchronized (this) {
            C2Alert known = alerts.get(alert.id());
            if (known != null && known.revision() >= alert.revision()) {
                return false;
            }
            alerts.write(alert.id(), alert);
        }
        live.onNext(alert);
        return true;
    }

    /** Alerts, most recently updated first; {@code podKey} null for all. */
    public synchronized List<C2Alert> list(String podKey, int limit) {
        List<C2Alert> result = new ArrayList<>();
        for (C2Alert alert : alerts.values()) {
            if (podKey == null || podKey.equals(alert.key())) {
                result.add(alert);
            }
        }
        Collections.reverse(result);
        return result.size() > limit ? result.subList(0, limit) : result;
    }

    public synchronized Optional<C2Alert> get(String id) {
        return Optional.ofNullable(alerts.get(id));
    }

    /** New alerts and revisions as they arrive. */
    public Multi<C2Alert> stream() {
        return LiveFeed.bounded(live, streamBuffer);
    }
}
