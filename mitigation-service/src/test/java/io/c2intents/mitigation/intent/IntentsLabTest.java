package io.c2intents.mitigation.intent;

import static io.c2intents.mitigation.intent.IntentFixtures.C2;
import static io.c2intents.mitigation.intent.IntentFixtures.TIMEOUT;
import static io.c2intents.mitigation.intent.IntentFixtures.alert;
import static io.c2intents.mitigation.intent.IntentFixtures.declare;
import static io.c2intents.mitigation.intent.IntentFixtures.intent;
import static io.c2intents.mitigation.intent.IntentFixtures.nextFlowTime;
import static io.c2intents.mitigation.intent.IntentFixtures.send;
import static io.c2intents.mitigation.intent.IntentFixtures.sendFlow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.c2intents.events.C2Alert;
import io.c2intents.events.Contracts;
import io.c2intents.events.IntentMode;
import io.c2intents.events.MitigationEvent;
import io.c2intents.events.MitigationMode;
import io.c2intents.events.MitigationRequest;
import io.c2intents.events.MitigationStatus;
import io.c2intents.events.PodKey;
import io.c2intents.events.SecurityIntent;
import io.c2intents.events.Target;
import io.c2intents.events.Topics;
import io.c2intents.mitigation.cluster.CiliumPolicies;
import io.c2intents.mitigation.incident.Incident;
import io.c2intents.mitigation.incident.IncidentRebuilder;
import io.c2intents.mitigation.incident.IncidentRegistry;
import io.c2intents.mitigation.incident.Phase;
import io.c2intents.mitigation.lab.LabResource;
import io.c2intents.mitigation.lab.LabWorkloads;
import io.c2intents.support.kafka.ConsumerNamingDeadLetterQueue;
import io.c2intents.testsupport.KafkaTestResource;
import io.c2intents.testsupport.TestKafka;
import io.c2intents.testsupport.TopicReader;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.smallrye.common.annotation.Identifier;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Intents end to end on the real broker and the lab cluster: alerts produced onto {@code c2-alerts} as the detector
 * does, flows produced onto {@code hubble-flows} as the observer does (the lab's own datapath is not part of these
 * tests yet), the service acting on the lab through Fabric8, and its events read back from
 * {@code mitigation-events}. Every test works in a namespace of its own with its own pods.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(LabResource.class)
class IntentsLabTest {

    private static final String QUARANTINE = "cilium:quarantine";
    private static final String EVICT = "pod:evict-file";
    private static final String TERMINATE = "pod:terminate";

    private static IntentFixtures fixtures;

    @Inject
    KubernetesClient client;
    @Inject
    IncidentRegistry registry;
    @Inject
    @Identifier(IntentChannels.INCIDENT_REBUILD)
    IncidentRebuilder rebuilder;
    @Inject
    IntentCatalogue catalogue;
    @Inject
    MeterRegistry meters;

    private LabWorkloads workloads;

    @BeforeAll
    static void open() {
        fixtures = new IntentFixtures();
    }

    @AfterAll
    static void close() {
        fixtures.close();
    }

    @BeforeEach
    void lab() {
        workloads = new LabWorkloads(client);
        await().atMost(TIMEOUT).until(() -> catalogue.find(IntentStartup.DEFAULT_INTENT).isPresent());
    }

    @Test
    void defaultIntentQuarantinesEvictsVerifiesAndLiftsTheQuarantine() {
        Infected pod = infectedPod("default");

        send(alert(pod.ns, pod.name, pod.ip, 1, nextFlowTime(Duration.ofSeconds(1))));

        MitigationEvent planned = fixtures.await(pod.key(), MitigationStatus.PLANNED, null);
        assertThat(planned.intent()).isEqualTo(IntentStartup.DEFAULT_INTENT);
        assertThat(planned.reason()).contains("contain with D3-NTF", "eradicate with D3-FEV",
                "escalate to D3-PT", "PT2M");
        MitigationEvent quarantined = fixtures.await(pod.key(), MitigationStatus.APPLIED, QUARANTINE);
        assertThat(quarantined.technique()).isEqualTo("D3-NTF");
        assertThat(quarantined.incidentId()).isEqualTo(planned.incidentId());
        assertThat(quarantined.requestId()).isEqualTo(pod.alertId());
        assertThat(policy(pod)).as("quarantine policy stored").isNotNull();
        MitigationEvent evicted = fixtures.await(pod.key(), MitigationStatus.APPLIED, EVICT);
        assertThat(evicted.reason()).contains("removed 1 crontab entry reaching " + C2);
        assertThat(workloads.file(pod.ns, pod.name, LabWorkloads.CRONTAB)).doesNotContain(C2);

        // the quarantined pod's pings to 8.8.8.8 are dropped; no C2 attempt for two cron periods of flow time
        driveFlowsUntil(pod, "8.8.8.8", () -> fixtures.find(pod.key(), MitigationStatus.REVERTED, QUARANTINE) != null);

        MitigationEvent verified = fixtures.find(pod.key(), MitigationStatus.VERIFIED, EVICT);
        assertThat(verified.technique()).isEqualTo("D3-FEV");
        assertThat(verified.reason()).contains("no C2 attempt", "window PT2M");
        assertThat(fixtures.find(pod.key(), MitigationStatus.REVERTED, QUARANTINE).reason())
                .contains("resolved");
        assertThat(fixtures.steps(pod.key())).containsExactly("PLANNED " + QUARANTINE, "APPLIED " + QUARANTINE,
                "APPLIED " + EVICT, "VERIFIED " + EVICT, "REVERTED " + QUARANTINE);
        assertThat(policy(pod)).as("quarantine lifted").isNull();
        assertThat(labels(pod)).doesNotContainKey("c2.io/quarantine");
        assertThat(registry.latest(pod.key()).orElseThrow().phase()).isEqualTo(Phase.RESOLVED);
    }

    @Test
    void c2ComingBackAfterTheEvictionEscalatesToProcessTermination() {
        Infected pod = infectedPod("escalate");
        send(alert(pod.ns, pod.name, pod.ip, 1, nextFlowTime(Duration.ofSeconds(1))));
        fixtures.await(pod.key(), MitigationStatus.APPLIED, EVICT);

        // verification starts with the first flow after the eviction; 30 s later the pod tries the C2 again
        driveFlowsUntil(pod, "8.8.8.8", () -> registry.latest(pod.key()).orElseThrow().verifyFrom() != null);
        sendFlow(pod.ns, pod.name, pod.ip, C2, "DROPPED", nextFlowTime(Duration.ofSeconds(30)));

        MitigationEvent failed = fixtures.await(pod.key(), MitigationStatus.FAILED, EVICT);
        assertThat(failed.reason()).contains("C2 came back", "DROPPED", "POLICY_DENY", "escalating to D3-PT");
        MitigationEvent terminated = fixtures.await(pod.key(), MitigationStatus.APPLIED, TERMINATE);
        assertThat(terminated.technique()).isEqualTo("D3-PT");
        await().atMost(TIMEOUT).until(() -> client.pods().inNamespace(pod.ns).withName(pod.name).get() == null);

        driveFlowsUntil(pod, "8.8.8.8", () -> fixtures.find(pod.key(), MitigationStatus.REVERTED, QUARANTINE) != null);
        assertThat(fixtures.steps(pod.key())).containsExactly("PLANNED " + QUARANTINE, "APPLIED " + QUARANTINE,
                "APPLIED " + EVICT, "FAILED " + EVICT, "APPLIED " + TERMINATE, "VERIFIED " + TERMINATE,
                "REVERTED " + QUARANTINE);
        assertThat(policy(pod)).as("the dead pod's quarantine policy is cleaned up").isNull();
    }

    @Test
    void aPodInfectedAfterTheIntentWasDeclaredIsHandled() {
        String ns = workloads.namespace("later");
        String name = "later-" + UUID.randomUUID().toString().substring(0, 8);
        SecurityIntent declared = new SecurityIntent(SecurityIntent.SCHEMA_VERSION, name, "declared before the pod",
                new SecurityIntent.Trigger(List.of(), 0.5, List.of()), new SecurityIntent.Scope(List.of(ns),
                        Map.of("app", "target"), List.of()), "contain-and-eradicate",
                List.of("D3-PT", "D3-FEV", "D3-NTF"), IntentMode.AUTOMATIC, Duration.ofMinutes(2), null, 60,
                Map.of(EVICT, Map.of("scope", "file")));
        declare(declared);
        await().atMost(TIMEOUT).until(() -> catalogue.find(name).isPresent());

        // only now is the workload deployed and a pod infected
        Infected pod = infect(ns);
        send(alert(pod.ns, pod.name, pod.ip, 1, nextFlowTime(Duration.ofSeconds(1))));

        MitigationEvent planned = fixtures.await(pod.key(), MitigationStatus.PLANNED, null);
        assertThat(planned.intent()).isEqualTo(name);
        // the intent lists D3-PT first, yet the cheapest eradication is chosen and the termination kept as escalation
        assertThat(planned.reason()).contains("eradicate with D3-FEV", "escalate to D3-PT");
        fixtures.await(pod.key(), MitigationStatus.APPLIED, QUARANTINE);
        MitigationEvent evicted = fixtures.await(pod.key(), MitigationStatus.APPLIED, EVICT);
        assertThat(evicted.reason()).as("the intent's parameters reach the action").contains("removed from");
        assertThat(workloads.file(pod.ns, pod.name, LabWorkloads.CRONTAB)).isNull();
    }

    @Test
    void aQuarantineDeletedWhileItsIncidentIsOpenIsPutBack() {
        Infected pod = infectedPod("restore");
        send(alert(pod.ns, pod.name, pod.ip, 1, nextFlowTime(Duration.ofSeconds(1))));
        fixtures.await(pod.key(), MitigationStatus.APPLIED, EVICT);
        assertThat(policy(pod)).isNotNull();

        CiliumPolicies.in(client, pod.ns).withName("c2-quarantine-" + pod.name).delete();

        await().atMost(TIMEOUT).until(() -> fixtures.eventsOf(pod.key()).stream()
                .filter(e -> e.status() == MitigationStatus.APPLIED && QUARANTINE.equals(e.action())).count() == 2);
        MitigationEvent restored = fixtures.eventsOf(pod.key()).stream()
                .filter(e -> e.status() == MitigationStatus.APPLIED && QUARANTINE.equals(e.action()))
                .reduce((a, b) -> b).orElseThrow();
        assertThat(restored.reason()).contains("restore the containment");
        await().atMost(TIMEOUT).until(() -> policy(pod) != null);
        assertThat(labels(pod)).containsEntry("c2.io/quarantine", pod.name);
    }

    @Test
    void anOperatorsRevertLiftsTheQuarantineAndClosesTheIncidentForGood() {
        Infected pod = infectedPod("release");
        Instant firstFlows = nextFlowTime(Duration.ofSeconds(1));
        send(alert(pod.ns, pod.name, pod.ip, 1, firstFlows));
        MitigationEvent evicted = fixtures.await(pod.key(), MitigationStatus.APPLIED, EVICT);
        String incidentId = evicted.incidentId();
        // a flow of the pod reaches the service: the incident verifies on its partition's flow time
        sendFlow(pod.ns, pod.name, pod.ip, "8.8.8.8", "DROPPED", nextFlowTime(Duration.ofSeconds(1)));
        await().atMost(TIMEOUT).until(() -> registry.latest(pod.key()).orElseThrow().flowPartitionKnown() >= 0);
        assertThat(registry.latest(pod.key()).orElseThrow().phase()).isEqualTo(Phase.VERIFY);
        assertThat(policy(pod)).isNotNull();

        MitigationEvent answer;
        try (io.c2intents.mitigation.Requests requests = new io.c2intents.mitigation.Requests()) {
            answer = requests.revert(QUARANTINE, Target.pod(pod.ns, pod.name));
        }

        assertThat(answer.status()).isEqualTo(MitigationStatus.REVERTED);
        assertThat(answer.incidentId()).as("the answer closes the intent's incident").isEqualTo(incidentId);
        assertThat(answer.intent()).isEqualTo(IntentStartup.DEFAULT_INTENT);
        assertThat(answer.reason()).contains("quarantine lifted by operator request " + answer.requestId(),
                "incident " + incidentId + " closed", "will not restore it");
        assertThat(policy(pod)).as("policy deleted").isNull();
        assertThat(labels(pod)).doesNotContainKey("c2.io/quarantine");
        assertThat(registry.latest(pod.key()).orElseThrow().phase()).isEqualTo(Phase.RELEASED);

        // reconcile passes (every second in the test profile) go by: nothing puts the quarantine back
        double passes = meters.counter("mitigation.intents.reconciles").count();
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> policy(pod) == null
                && !labels(pod).containsKey("c2.io/quarantine") && fixtures.eventsOf(pod.key()).stream()
                        .noneMatch(e -> e.reason() != null && e.reason().contains("restore the containment")));
        assertThat(meters.counter("mitigation.intents.reconciles").count()).isGreaterThanOrEqualTo(passes + 2);
        assertThat(fixtures.steps(pod.key())).containsExactly("PLANNED " + QUARANTINE, "APPLIED " + QUARANTINE,
                "APPLIED " + EVICT, "REVERTED " + QUARANTINE);

        // a late revision of the alert (flows the incident already handled) is answered, and opens nothing
        send(alert(pod.ns, pod.name, pod.ip, 2, firstFlows));
        await().atMost(TIMEOUT).until(() -> late(pod) != null);
        assertThat(late(pod).reason()).contains("not after incident " + incidentId, "closed (released)",
                "no new incident");
        assertThat(registry.latest(pod.key()).orElseThrow().id()).isEqualTo(incidentId);

        // a restart: the incident is rebuilt from the topics as closed, and not resumed
        registry.forget(key -> key.equals(pod.key()));
        List<Incident> resumed = rebuilder.rebuild(java.util.Set.of(0, 1, 2), Topics.DEFAULT_PARTITIONS);
        assertThat(resumed).extracting(Incident::podKey).doesNotContain(pod.key());
        assertThat(registry.latest(pod.key()).orElseThrow().phase()).isEqualTo(Phase.RELEASED);
        assertThat(registry.latest(pod.key()).orElseThrow().contained()).isFalse();

        // C2 seen again, after the close: a new incident, quarantined again
        send(alert(pod.ns, pod.name, pod.ip, 3, nextFlowTime(Duration.ofSeconds(5))));
        await().atMost(TIMEOUT).until(() -> fixtures.eventsOf(pod.key()).stream().anyMatch(e ->
                e.status() == MitigationStatus.APPLIED && QUARANTINE.equals(e.action())
                        && !incidentId.equals(e.incidentId())));
        assertThat(registry.latest(pod.key()).orElseThrow().id()).isNotEqualTo(incidentId);
        await().atMost(TIMEOUT).until(() -> policy(pod) != null);
    }

    @Test
    void approvalModeStopsAtPlannedUntilAnApproveRequestArrives() {
        String ns = workloads.namespace("approval");
        declare(intent("approve-" + ns, ns, IntentMode.APPROVAL, List.of("D3-NTF", "D3-FEV", "D3-PT"), 60));
        await().atMost(TIMEOUT).until(() -> catalogue.find("approve-" + ns).isPresent());
        Infected pod = infect(ns);
        send(alert(pod.ns, pod.name, pod.ip, 1, nextFlowTime(Duration.ofSeconds(1))));

        MitigationEvent planned = fixtures.await(pod.key(), MitigationStatus.PLANNED, null);
        assertThat(planned.dryRun()).isFalse();
        assertThat(planned.reason()).contains("waits for an approve request");
        assertThat(planned.objects()).extracting(o -> o.kind()).contains("CiliumNetworkPolicy");
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> fixtures.eventsOf(pod.key()).size() == 1 && policy(pod) == null);

        try (TopicReader dlq = TestKafka.read(Topics.dlq(Topics.MITIGATION_REQUESTS))) {
            MitigationRequest wrong = approve(pod, "evt-no-such-plan");
            ConsumerRecord<String, String> dead = dlq.awaitOne(r -> r.value() != null
                    && r.value().contains(wrong.requestId()), TIMEOUT);
            assertThat(TopicReader.header(dead, Topics.DLQ_REASON_HEADER)).contains("no plan waits for approval");
            assertThat(fixtures.await(pod.key(), MitigationStatus.REJECTED, null).requestId())
                    .isEqualTo(wrong.requestId());
        }
        assertThat(policy(pod)).isNull();

        approve(pod, planned.eventId());

        MitigationEvent quarantined = fixtures.await(pod.key(), MitigationStatus.APPLIED, QUARANTINE);
        assertThat(quarantined.incidentId()).isEqualTo(planned.incidentId());
        fixtures.await(pod.key(), MitigationStatus.APPLIED, EVICT);
        assertThat(policy(pod)).isNotNull();
    }

    @Test
    void dryRunPublishesThePlanAndChangesNothing() {
        String ns = workloads.namespace("dryrun");
        declare(intent("dry-" + ns, ns, IntentMode.DRY_RUN, List.of("D3-NTF", "D3-FEV"), 60));
        await().atMost(TIMEOUT).until(() -> catalogue.find("dry-" + ns).isPresent());
        Infected pod = infect(ns);
        send(alert(pod.ns, pod.name, pod.ip, 1, nextFlowTime(Duration.ofSeconds(1))));

        MitigationEvent planned = fixtures.await(pod.key(), MitigationStatus.PLANNED, null);
        assertThat(planned.dryRun()).isTrue();
        assertThat(planned.objects()).extracting(o -> o.kind()).contains("CiliumNetworkPolicy", "Pod");
        send(alert(pod.ns, pod.name, pod.ip, 2, nextFlowTime(Duration.ofSeconds(10))));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> fixtures.eventsOf(pod.key()).size() == 1);
        assertThat(policy(pod)).isNull();
        assertThat(labels(pod)).doesNotContainKey("c2.io/quarantine");
        assertThat(workloads.file(pod.ns, pod.name, LabWorkloads.CRONTAB)).contains(C2);
    }

    @Test
    void theRateLimitHoldsUnderTwoHundredAlerts() {
        String ns = workloads.namespace("flood");
        String name = "flood-" + ns;
        // 10 actions a minute: 5 incidents of a quarantine and an eviction each
        declare(intent(name, ns, IntentMode.AUTOMATIC, List.of("D3-NTF", "D3-FEV"), 10));
        await().atMost(TIMEOUT).until(() -> catalogue.find(name).isPresent());
        List<Pod> pods = workloads.deployment(ns, "target", 20);

        Instant time = nextFlowTime(Duration.ofSeconds(1));
        for (int revision = 1; revision <= 10; revision++) {
            for (Pod pod : pods) {
                send(alert(ns, pod.getMetadata().getName(), pod.getStatus().getPodIP(), revision,
                        time.plusSeconds(revision)));
            }
        }

        // 15 pods turned away, each of their 10 alerts answered. Counted per pod: an alert's id does not change with
        // its revision, and delivery is at least once (an alert read again after a rebalance may be answered twice)
        Predicate<MitigationEvent> turnedAway = e -> e.status() == MitigationStatus.SKIPPED && e.incidentId() == null;
        await().atMost(Duration.ofSeconds(60)).until(() -> fixtures.events(k -> k.startsWith(ns + "/")).stream()
                .filter(turnedAway).collect(Collectors.groupingBy(e -> e.target().name(), Collectors.counting()))
                .values().stream().filter(n -> n >= 10).count() >= 15);
        List<MitigationEvent> events = fixtures.events(k -> k.startsWith(ns + "/"));
        assertThat(events.stream().filter(e -> e.status() == MitigationStatus.PLANNED)
                .map(MitigationEvent::incidentId).distinct()).hasSize(5);
        assertThat(events.stream().filter(turnedAway)).as("alerts turned away")
                .allSatisfy(e -> assertThat(e.reason()).startsWith("rate limit"));
        assertThat(events.stream().filter(turnedAway).map(e -> e.target().name()).distinct())
                .as("pods turned away").hasSize(15);
        assertThat(events.stream().filter(e -> e.action() != null && e.status() != MitigationStatus.PLANNED))
                .as("actions carried out").hasSizeLessThanOrEqualTo(10);
        await().atMost(TIMEOUT).until(() -> CiliumPolicies.in(client, ns).list().getItems().size() == 5);
    }

    @Test
    void aRestartMidIncidentCompletesItOnce() {
        Infected pod = infectedPod("restart");
        send(alert(pod.ns, pod.name, pod.ip, 1, nextFlowTime(Duration.ofSeconds(1))));
        fixtures.await(pod.key(), MitigationStatus.APPLIED, EVICT);

        // a crash: everything in memory is gone; the partitions come back and are rebuilt from the topics
        registry.forget(key -> true);
        List<Incident> resumed = rebuilder.rebuild(java.util.Set.of(0, 1, 2), Topics.DEFAULT_PARTITIONS);

        assertThat(resumed).anySatisfy(i -> {
            assertThat(i.podKey()).isEqualTo(pod.key());
            assertThat(i.phase()).isEqualTo(Phase.VERIFY);
            assertThat(i.contained()).isTrue();
        });
        // the alert comes again (its offset may not have been committed): it joins the rebuilt incident
        send(alert(pod.ns, pod.name, pod.ip, 1, nextFlowTime(Duration.ofSeconds(1))));
        driveFlowsUntil(pod, "8.8.8.8", () -> fixtures.find(pod.key(), MitigationStatus.REVERTED, QUARANTINE) != null);
        assertThat(fixtures.steps(pod.key())).containsExactly("PLANNED " + QUARANTINE, "APPLIED " + QUARANTINE,
                "APPLIED " + EVICT, "VERIFIED " + EVICT, "REVERTED " + QUARANTINE);
    }

    @Test
    void aRestartBetweenQuarantineAndEvictionResumesWithTheEvictionAlone() {
        String ns = workloads.namespace("resume");
        String name = "resume-" + ns;
        Infected pod = infect(ns);
        // the alert is on the topic; its score is below the default intent's and the intent that will handle it is
        // not declared yet, so it is only skipped
        C2Alert high = alert(pod.ns, pod.name, pod.ip, 1, nextFlowTime(Duration.ofSeconds(1)));
        C2Alert alert = new C2Alert(high.schemaVersion(), high.id(), 1, high.detectedAt(), high.pod(),
                high.destination(), high.protocol(), high.attackTechnique(), high.detector(), 0.3, high.firstSeen(),
                high.lastSeen(), high.count(), high.evidence(), high.reason());
        send(alert);
        assertThat(fixtures.await(pod.key(), MitigationStatus.SKIPPED, null).reason()).contains("score 0.3 below");
        SecurityIntent low = intent(name, ns, IntentMode.AUTOMATIC, List.of("D3-NTF", "D3-FEV"), 60);
        declare(new SecurityIntent(low.schemaVersion(), name, null, new SecurityIntent.Trigger(List.of(), 0.2,
                List.of()), low.scope(), low.goal(), low.techniques(), low.mode(), low.verificationWindow(), null,
                60, Map.of()));
        await().atMost(TIMEOUT).until(() -> catalogue.find(name).isPresent());
        // what an instance that crashed right after the quarantine left behind: its events, and the quarantine
        String incidentId = "inc-" + ns + "-crashed";
        MitigationEvent planned = step(incidentId, alert, name, MitigationStatus.PLANNED, QUARANTINE, "D3-NTF");
        MitigationEvent applied = step(incidentId, alert, name, MitigationStatus.APPLIED, QUARANTINE, "D3-NTF");
        TestKafka.send(Topics.MITIGATION_EVENTS, pod.key(), Contracts.MITIGATION_EVENT.write(planned));
        TestKafka.send(Topics.MITIGATION_EVENTS, pod.key(), Contracts.MITIGATION_EVENT.write(applied));
        try (io.c2intents.mitigation.Requests requests = new io.c2intents.mitigation.Requests()) {
            assertThat(requests.apply(QUARANTINE, Target.pod(pod.ns, pod.name), Map.of()).status())
                    .isEqualTo(MitigationStatus.APPLIED);
        }

        List<Incident> resumed = rebuilder.rebuild(java.util.Set.of(0, 1, 2), Topics.DEFAULT_PARTITIONS);

        assertThat(resumed).extracting(Incident::id).contains(incidentId);
        MitigationEvent evicted = fixtures.await(pod.key(), MitigationStatus.APPLIED, EVICT);
        assertThat(evicted.incidentId()).isEqualTo(incidentId);
        driveFlowsUntil(pod, "8.8.8.8", () -> fixtures.eventsOf(pod.key()).stream()
                .anyMatch(e -> e.status() == MitigationStatus.REVERTED && incidentId.equals(e.incidentId())));
        assertThat(fixtures.eventsOf(pod.key()).stream().filter(e -> incidentId.equals(e.incidentId()))
                .map(e -> e.status() + " " + e.action()))
                .containsExactly("PLANNED " + QUARANTINE, "APPLIED " + QUARANTINE, "APPLIED " + EVICT,
                        "VERIFIED " + EVICT, "REVERTED " + QUARANTINE);
        assertThat(policy(pod)).isNull();
    }

    @Test
    void aMalformedAlertIsRejectedAndDeadLettered() {
        String key = "bad-" + UUID.randomUUID().toString().substring(0, 8) + "/pod";
        try (TopicReader dlq = TestKafka.read(Topics.dlq(Topics.C2_ALERTS))) {
            TestKafka.send(Topics.C2_ALERTS, key, "{\"schemaVersion\":1,\"id\":\"half-an-alert\"}");

            ConsumerRecord<String, String> dead = dlq.awaitOne(r -> key.equals(r.key()), TIMEOUT);
            assertThat(TopicReader.header(dead, Topics.DLQ_REASON_HEADER)).contains("$.pod: is missing");
            assertThat(TopicReader.header(dead, ConsumerNamingDeadLetterQueue.CONSUMER_HEADER))
                    .isEqualTo("mitigation-service/c2-alerts");
            MitigationEvent rejected = fixtures.await(key, MitigationStatus.REJECTED, null);
            assertThat(rejected.requestId()).isEqualTo("half-an-alert");
            assertThat(rejected.reason()).contains("$.destination: is missing");
        }
    }

    @Test
    void aBadIntentIsRejectedDeadLetteredAndChangesNothing() {
        String name = "bad-" + UUID.randomUUID().toString().substring(0, 8);
        String unknownTechnique = Contracts.SECURITY_INTENT.example().orElseThrow()
                .replace("contain-and-eradicate-c2", name).replace("\"D3-PT\"", "\"D3-XYZ\"");
        SecurityIntent badParameters = new SecurityIntent(SecurityIntent.SCHEMA_VERSION, name + "-p", null,
                new SecurityIntent.Trigger(null, 0.5, null), null, null, List.of("D3-NTF", "D3-FEV"),
                IntentMode.AUTOMATIC, null, null, 60, Map.of(EVICT, Map.of("c2Address", "999.1.1.1")));
        try (TopicReader dlq = TestKafka.read(Topics.dlq(Topics.SECURITY_INTENTS))) {
            TestKafka.send(Topics.SECURITY_INTENTS, name, unknownTechnique);
            declare(badParameters);

            ConsumerRecord<String, String> first = dlq.awaitOne(r -> name.equals(r.key()), TIMEOUT);
            assertThat(TopicReader.header(first, Topics.DLQ_REASON_HEADER)).contains("$.techniques[2]");
            assertThat(TopicReader.header(first, ConsumerNamingDeadLetterQueue.CONSUMER_HEADER))
                    .isEqualTo("mitigation-service/security-intents");
            ConsumerRecord<String, String> second = dlq.awaitOne(r -> (name + "-p").equals(r.key()), TIMEOUT);
            assertThat(TopicReader.header(second, Topics.DLQ_REASON_HEADER))
                    .contains("parameter 'c2Address'", "999.1.1.1");
            assertThat(fixtures.await(name + "-p", MitigationStatus.REJECTED, null).intent()).isEqualTo(name + "-p");
        }
        assertThat(catalogue.find(name)).isEmpty();
        assertThat(catalogue.find(name + "-p")).isEmpty();
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    /** A pod of a one-replica Deployment in a fresh namespace, infected as the attacker does it. */
    private record Infected(String ns, String name, String ip) {
        String key() {
            return PodKey.of(ns, name);
        }

        String alertId() {
            return ns + "/" + name + "/" + C2 + "/indicator";
        }
    }

    private Infected infectedPod(String prefix) {
        return infect(workloads.namespace(prefix));
    }

    private Infected infect(String ns) {
        Pod pod = workloads.deployment(ns, "target", 1).get(0);
        workloads.infect(ns, pod.getMetadata().getName());
        return new Infected(ns, pod.getMetadata().getName(), pod.getStatus().getPodIP());
    }

    /** Sends the pod's flows 15 s of flow time apart until the condition holds. */
    private static void driveFlowsUntil(Infected pod, String destination, BooleanSupplier done) {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(150)).until(() -> {
            if (done.getAsBoolean()) {
                return true;
            }
            sendFlow(pod.ns, pod.name, pod.ip, destination, "DROPPED", nextFlowTime(Duration.ofSeconds(15)));
            return false;
        });
    }

    private MitigationRequest approve(Infected pod, String reference) {
        MitigationRequest approve = new MitigationRequest(MitigationRequest.SCHEMA_VERSION,
                "req-approve-" + UUID.randomUUID(), MitigationMode.APPROVE, null, null, null, Map.of(), null,
                reference, null, "test", Instant.now());
        TestKafka.send(Topics.MITIGATION_REQUESTS, pod.key(), Contracts.MITIGATION_REQUEST.write(approve));
        return approve;
    }

    private static MitigationEvent step(String incidentId, C2Alert alert, String intent, MitigationStatus status,
            String action, String technique) {
        Instant now = Instant.now();
        return new MitigationEvent(MitigationEvent.SCHEMA_VERSION, "evt-" + UUID.randomUUID(), alert.id(),
                incidentId, status, action, technique, "Network Traffic Filtering",
                Target.pod(alert.pod().namespace(), alert.pod().name()), List.of(), "written by the crashed instance",
                intent, false, now, now, 0);
    }

    private MitigationEvent late(Infected pod) {
        return fixtures.eventsOf(pod.key()).stream().filter(e -> e.status() == MitigationStatus.SKIPPED
                && e.reason() != null && e.reason().startsWith("late alert")).findFirst().orElse(null);
    }

    private GenericKubernetesResource policy(Infected pod) {
        return CiliumPolicies.in(client, pod.ns).withName("c2-quarantine-" + pod.name).get();
    }

    private Map<String, String> labels(Infected pod) {
        Pod live = client.pods().inNamespace(pod.ns).withName(pod.name).get();
        return live == null || live.getMetadata().getLabels() == null ? Map.of() : live.getMetadata().getLabels();
    }
}
