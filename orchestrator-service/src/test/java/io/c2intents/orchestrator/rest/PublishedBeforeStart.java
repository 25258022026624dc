package io.c2intents.orchestrator.rest;

import io.c2intents.events.Contracts;
import io.c2intents.events.MitigationStatus;
import io.c2intents.events.Topics;
import io.c2intents.orchestrator.Fixtures;
import io.c2intents.testsupport.KafkaBroker;
import io.c2intents.testsupport.TestKafka;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.time.Instant;
import java.util.Map;

/**
 * Publishes a small history (a flow, an alert, a quarantine step, an intent) before the orchestrator starts, as
 * if it had been running before a restart; the test reads the names back from {@code test.history.*}.
 */
public class PublishedBeforeStart implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        KafkaBroker.shared();
        String pod = Fixtures.uniquePod("history");
        String key = Fixtures.NS + "/" + pod;
        String intent = Fixtures.uniquePod("history-intent");
        String incident = "inc-" + pod;
        TestKafka.send(Topics.HUBBLE_FLOWS, key, Fixtures.flowJson(pod, "1.1.1.1", "FORWARDED", false,
                Instant.parse("2026-03-14T09:21:00Z")));
        TestKafka.send(Topics.C2_ALERTS, key, Fixtures.alertJson(pod, "lab-worker-1"));
        TestKafka.send(Topics.MITIGATION_EVENTS, key, Fixtures.stepJson(Fixtures.step(pod, incident, "req-" + pod,
                MitigationStatus.APPLIED, "cilium:quarantine", "D3-NTF", Instant.now())));
        TestKafka.send(Topics.SECURITY_INTENTS, intent, Contracts.SECURITY_INTENT.example().orElseThrow()
                .replace("\"contain-and-eradicate-c2\"", "\"" + intent + "\""));
        return Map.of("test.history.pod", pod, "test.history.intent", intent, "test.history.incident", incident);
    }

    @Override
    public void stop() {
        // the records stay on the shared broker; other tests use their own pods
    }
}
