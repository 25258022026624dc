package io.c2intents.observer.detector;

import io.c2intents.events.Detector;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The detector's Micrometer meters (Prometheus names): {@code detector_flows_evaluated_total},
 * {@code detector_flows_ignored_total} (Hubble events that are not flows), {@code detector_alerts_raised_total} and
 * {@code detector_alerts_updated_total} by detector, {@code detector_alerts_suppressed_total} (revisions already on
 * {@code c2-alerts} after a restart), {@code detector_alerts_publish_failures_total},
 * {@code detector_dlq_records_total} by reason, {@code detector_partitions_rebuilt_total}.
 */
@ApplicationScoped
public class DetectorMetrics {

    private final MeterRegistry registry;
    private final Counter evaluated;
    private final Counter ignored;
    private final Counter suppressed;
    private final Counter publishFailures;
    private final Counter rebuilt;
    private final Map<Detector, Counter> raised = new EnumMap<>(Detector.class);
    private final Map<Detector, Counter> updated = new EnumMap<>(Detector.class);
    private final Map<String, Counter> dlq = new ConcurrentHashMap<>();

    public DetectorMetrics(MeterRegistry registry) {
        this.registry = registry;
        evaluated = Counter.builder("detector.flows.evaluated").description("Flows run through the detectors")
                .register(registry);
        ignored = Counter.builder("detector.flows.ignored")
                .description("Hubble events that are not flows (node status, lost events), skipped").register(registry);
        suppressed = Counter.builder("detector.alerts.suppressed")
                .description("Alert revisions not republished because c2-alerts had them already").register(registry);
        publishFailures = Counter.builder("detector.alerts.publish.failures")
                .description("Alerts Kafka refused after retries").register(registry);
        rebuilt = Counter.builder("detector.partitions.rebuilt")
                .description("Partitions whose state was rebuilt from hubble-flows after an assignment")
                .register(registry);
        for (Detector d : Detector.values()) {
            String tag = d.name().toLowerCase(java.util.Locale.ROOT);
            raised.put(d, Counter.builder("detector.alerts.raised").tag("detector", tag)
                    .description("New alerts published").register(registry));
            updated.put(d, Counter.builder("detector.alerts.updated").tag("detector", tag)
                    .description("New revisions of open alerts published").register(registry));
        }
        for (String reason : new String[]{"not-json", "not-a-flow", "no-time", "empty"}) {
            dlq(reason);
        }
    }

    public void evaluated() {
        evaluated.increment();
    }

    public void ignored() {
        ignored.increment();
    }

    public void published(Detector detector, int revision) {
        (revision == 1 ? raised : updated).get(detector).increment();
    }

    public void suppressed(long count) {
        if (count > 0) {
            suppressed.increment(count);
        }
    }

    public void publishFailed() {
        publishFailures.increment();
    }

    public void rebuilt() {
        rebuilt.increment();
    }

    public void deadLettered(String reason) {
        dlq(reason).increment();
    }

    private Counter dlq(String reason) {
        return dlq.computeIfAbsent(reason, r -> Counter.builder("detector.dlq.records").tag("reason", r)
                .description("Records sent to hubble-flows-dlq").register(registry));
    }

    public double evaluatedCount() {
        return evaluated.count();
    }

    public double raisedCount(Detector detector) {
        return raised.get(detector).count();
    }

    public double suppressedCount() {
        return suppressed.count();
    }

    public double rebuiltCount() {
        return rebuilt.count();
    }

    public double deadLetteredCount() {
        return dlq.values().stream().mapToDouble(Counter::count).sum();
    }
}
