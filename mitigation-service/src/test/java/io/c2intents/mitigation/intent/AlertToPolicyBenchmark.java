package io.c2intents.mitigation.intent;

import static io.c2intents.mitigation.intent.IntentFixtures.alert;
import static io.c2intents.mitigation.intent.IntentFixtures.nextFlowTime;
import static org.awaitility.Awaitility.await;

import io.c2intents.events.IntentMode;
import io.c2intents.events.MitigationEvent;
import io.c2intents.events.MitigationStatus;
import io.c2intents.events.SecurityIntent;
import io.c2intents.mitigation.lab.LabResource;
import io.c2intents.mitigation.lab.LabWorkloads;
import io.c2intents.testsupport.KafkaTestResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Alert consumed → quarantine policy stored, over many alerts (not a test: Surefire's default includes skip it; run
 * it by hand, see {@code docs/benchmarks.md}):
 *
 * <pre>
 * mvn -B -o -pl mitigation-service test -Dtest=AlertToPolicyBenchmark -Dbenchmark.alerts=500
 * </pre>
 *
 * One pod per alert in the lab cluster (a Deployment of that many replicas), an intent of goal {@code contain} scoped
 * to the namespace with a rate limit above the alert count, the alerts produced onto {@code c2-alerts} at once. For
 * each incident the latency is the PLANNED event's {@code startedAt} (when the consumer took the alert) to the
 * quarantine's APPLIED event's {@code at} (policy created in the API server and pod labelled), both stamped by the
 * service's own clock. Prints p50, p90, p99, max and the throughput.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(LabResource.class)
class AlertToPolicyBenchmark {

    private static final int MAX_ALERTS = 750;

    @Inject
    KubernetesClient client;
    @Inject
    IntentCatalogue catalogue;

    @Test
    void alertConsumedToPolicyStored() {
        int alerts = Integer.getInteger("benchmark.alerts", 500);
        // one pod per alert, and the test lab's 3 nodes hand out 253 pod IPs each: more pods would stay Pending
        if (alerts < 1 || alerts > MAX_ALERTS) {
            throw new IllegalArgumentException("benchmark.alerts must be 1.." + MAX_ALERTS
                    + " (one pod per alert; the test lab's 3 nodes hold 3 x 253 pods), got " + alerts);
        }
        LabWorkloads workloads = new LabWorkloads(client);
        String ns = workloads.namespace("bench");
        String name = "bench-" + ns;
        SecurityIntent intent = new SecurityIntent(SecurityIntent.SCHEMA_VERSION, name, "benchmark",
                new SecurityIntent.Trigger(List.of(), 0.5, List.of()), new SecurityIntent.Scope(List.of(ns), Map.of(),
                        List.of()), "contain", List.of("D3-NTF"), IntentMode.AUTOMATIC, Duration.ofMinutes(2), null,
                10_000, Map.of());
        IntentFixtures.declare(intent);
        await().atMost(IntentFixtures.TIMEOUT).until(() -> catalogue.find(name).isPresent());
        // more replicas than LabWorkloads.deployment waits for: create with one, scale, then wait longer
        workloads.deployment(ns, "target", 1);
        client.apps().deployments().inNamespace(ns).withName("target").scale(alerts);
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                .until(() -> workloads.runningPods(ns, "target").size() == alerts);
        List<Pod> pods = workloads.runningPods(ns, "target");
        try (IntentFixtures fixtures = new IntentFixtures()) {
            Instant flowTime = nextFlowTime(Duration.ofSeconds(1));
            long sendStart = System.nanoTime();
            for (Pod pod : pods) {
                IntentFixtures.send(alert(ns, pod.getMetadata().getName(), pod.getStatus().getPodIP(), 1, flowTime));
            }
            long sendMs = (System.nanoTime() - sendStart) / 1_000_000;
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> fixtures.events(k -> k.startsWith(ns + "/")).stream()
                            .filter(e -> e.status() == MitigationStatus.APPLIED).count() >= alerts);
            Map<String, Instant> consumed = new HashMap<>();
            Map<String, Instant> stored = new HashMap<>();
            for (MitigationEvent e : fixtures.events(k -> k.startsWith(ns + "/"))) {
                if (e.status() == MitigationStatus.PLANNED) {
                    consumed.put(e.incidentId(), e.startedAt());
                } else if (e.status() == MitigationStatus.APPLIED) {
                    stored.put(e.incidentId(), e.at());
                }
            }
            List<Long> micros = new ArrayList<>();
            Instant first = null;
            Instant last = null;
            for (Map.Entry<String, Instant> s : stored.entrySet()) {
                Instant c = consumed.get(s.getKey());
                micros.add(Duration.between(c, s.getValue()).toNanos() / 1_000);
                first = first == null || c.isBefore(first) ? c : first;
                last = last == null || s.getValue().isAfter(last) ? s.getValue() : last;
            }
            micros.sort(Long::compare);
            double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            System.out.printf("%nBENCHMARK alert consumed -> policy stored: %d alerts (produced in %d ms)%n"
                    + "  p50 %.1f ms  p90 %.1f ms  p99 %.1f ms  max %.1f ms%n"
                    + "  throughput %.0f alerts/s (first consumed to last stored: %d ms)%n"
                    + "  load average (1 min) %.2f, %d cores%n%n",
                    micros.size(), sendMs, pct(micros, 50), pct(micros, 90), pct(micros, 99),
                    micros.get(micros.size() - 1) / 1000.0,
                    micros.size() * 1000.0 / Math.max(1, Duration.between(first, last).toMillis()),
                    Duration.between(first, last).toMillis(), load, Runtime.getRuntime().availableProcessors());
        }
    }

    private static double pct(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1))) / 1000.0;
    }
}
