package io.c2intents.mitigation.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.c2intents.events.C2Alert;
import io.c2intents.events.Contracts;
import io.c2intents.events.Detector;
import io.c2intents.events.MitigationEvent;
import io.c2intents.events.MitigationMode;
import io.c2intents.events.MitigationRequest;
import io.c2intents.events.MitigationStatus;
import io.c2intents.events.PodRef;
import io.c2intents.events.Target;
import io.c2intents.events.TargetKind;
import io.c2intents.events.Topics;
import io.c2intents.mitigation.Requests;
import io.c2intents.mitigation.cluster.CiliumPolicies;
import io.c2intents.support.kafka.ConsumerNamingDeadLetterQueue;
import io.c2intents.testsupport.KafkaBroker;
import io.c2intents.testsupport.KafkaTestResource;
import io.c2intents.testsupport.TestKafka;
import io.c2intents.testsupport.TopicReader;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad input and guardrails, on the real broker: each bad request is answered REJECTED with the reason and its
 * record lands in {@code mitigation-requests-dlq} with the same reason in the {@code dead-letter-reason} header
 * (and {@code c2-dlq-consumer} naming this service's channel);
 * requests a guardrail forbids are answered REJECTED and change nothing; the consumer goes on and commits.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(LabResource.class)
class BadRequestsLabTest {

    private static Requests requests;

    @Inject
    KubernetesClient client;

    @BeforeAll
    static void open() {
        requests = new Requests();
    }

    @AfterAll
    static void close() {
        requests.close();
    }

    /** One bad record, and what the service must say about it. */
    private record Bad(String key, String payload, String requestId, String reason) {

        Bad(String payload, String requestId, String reason) {
            this("bad-" + UUID.randomUUID().toString().substring(0, 8) + "/pod", payload, requestId, reason);
        }

        static Bad request(MitigationMode mode, String action, Target target, Map<String, String> parameters,
                String reason) {
            String id = Requests.newId("bad");
            return new Bad(Contracts.MITIGATION_REQUEST.write(new MitigationRequest(1, id, mode, action, null, target,
                    parameters, null, null, null, "test", Instant.now())), id, reason);
        }
    }

    @Test
    void everyBadRequestIsRejectedAndDeadLetteredWithItsReasonAndTheNextGoodOneRuns() {
        Target pod = Target.pod("c2-lab", "target-1");
        String noTarget = Requests.newId("bad");
        String noReference = Requests.newId("bad");
        List<Bad> bad = List.of(
                // not JSON: no request id to answer, the event carries the record's key
                new Bad("{nope", null, "not JSON"),
                new Bad("{\"schemaVersion\":1,\"requestId\":\"" + noTarget
                        + "\",\"mode\":\"apply\",\"action\":\"pod:terminate\"}", noTarget, "$.target: is missing"),
                Bad.request(MitigationMode.APPLY, "cilium:explode", pod, Map.of(), "unknown action 'cilium:explode'"),
                Bad.request(MitigationMode.APPLY, "cilium:quarantine", pod, Map.of("scope", "everything"),
                        "parameter 'scope': must be one of all, destination (got 'everything')"),
                Bad.request(MitigationMode.APPLY, "pod:evict-file", pod, Map.of("c2Address", "1.1.1.1/d;e x"),
                        "parameter 'c2Address': must be an IPv4 address"),
                Bad.request(MitigationMode.APPLY, "pod:terminate", pod, Map.of("force", "yes"),
                        "unknown parameter 'force' (pod:terminate takes gracePeriodSeconds)"),
                Bad.request(MitigationMode.APPLY, "pod:evict-file", pod, Map.of(),
                        "scope entries needs the C2 address"),
                Bad.request(MitigationMode.APPLY, "cilium:quarantine", new Target(TargetKind.NODE, null, "node-1"),
                        Map.of(), "cilium:quarantine acts on [pod], not on a node"),
                Bad.request(MitigationMode.REVERT, "pod:terminate", pod, Map.of(),
                        "pod:terminate (D3-PT) cannot be reverted"),
                Bad.request(MitigationMode.APPLY, "workload:delete",
                        new Target(TargetKind.WORKLOAD, "c2-lab", "StatefulSet/db"), Map.of(),
                        "acts on Deployments, not on StatefulSet"),
                new Bad("{\"schemaVersion\":1,\"requestId\":\"" + noReference
                        + "\",\"mode\":\"revert\",\"reference\":\"req-nope\"}", noReference,
                        "no applied action is known under reference 'req-nope'"));

        bad.forEach(b -> TestKafka.send(Topics.MITIGATION_REQUESTS, b.key(), b.payload()));

        for (Bad b : bad) {
            MitigationEvent event = Contracts.MITIGATION_EVENT.read(requests.awaitEventsKeyed(b.key(), 1).get(0)
                    .value());
            assertThat(event.status()).as(b.payload()).isEqualTo(MitigationStatus.REJECTED);
            assertThat(event.reason()).as(b.payload()).contains(b.reason());
            assertThat(event.requestId()).isEqualTo(b.requestId());
            ConsumerRecord<String, String> dead = requests.awaitDeadLetter(b.key());
            assertThat(dead.value()).isEqualTo(b.payload());
            assertThat(TopicReader.header(dead, Topics.DLQ_REASON_HEADER)).as(b.payload()).contains(b.reason());
            assertThat(TopicReader.header(dead, ConsumerNamingDeadLetterQueue.CONSUMER_HEADER))
                    .isEqualTo("mitigation-service/mitigation-requests");
        }

        MitigationEvent next = requests.send(Requests.request(MitigationMode.DRY_RUN, "pod:terminate", pod, Map.of()));
        assertThat(next.status()).isEqualTo(MitigationStatus.PLANNED);
        assertThat(next.dryRun()).isTrue();
        awaitOffsetsCommitted();
    }

    @Test
    void protectedNamespacesAreNeverActedOnNotEvenInADryRun() {
        for (String ns : new String[] {"kube-system", "c2intents"}) {
            for (MitigationMode mode : new MitigationMode[] {MitigationMode.APPLY, MitigationMode.DRY_RUN}) {
                MitigationEvent event = requests.send(Requests.request(mode, "pod:terminate",
                        Target.pod(ns, "coredns-1"), Map.of()));

                assertThat(event.status()).isEqualTo(MitigationStatus.REJECTED);
                assertThat(event.reason()).startsWith("guardrail: namespace " + ns + " is");
                assertThat(event.objects()).isEmpty();
            }
        }
    }

    @Test
    void theSystemsOwnPodsAreNeverActedOn() {
        LabWorkloads workloads = new LabWorkloads(client);
        String ns = workloads.namespace("own");
        workloads.standalonePod(ns, "orchestrator", Map.of("app", "orchestrator",
                "app.kubernetes.io/part-of", "c2-intents"));
        Target target = Target.pod(ns, "orchestrator");

        MitigationEvent live = requests.apply("cilium:quarantine", target, Map.of());

        assertThat(live.status()).isEqualTo(MitigationStatus.REJECTED);
        assertThat(live.reason()).isEqualTo("guardrail: labelled app.kubernetes.io/part-of=c2-intents (the system's"
                + " own): pod " + ns + "/orchestrator is not acted on");
        assertThat(CiliumPolicies.in(client, ns).list().getItems()).isEmpty();
        assertThat(client.pods().inNamespace(ns).withName("orchestrator").get().getMetadata().getLabels())
                .doesNotContainKey("c2.io/quarantine");

        // from the alert alone, without the API: refused the same way
        MitigationRequest fromAlert = new MitigationRequest(1, Requests.newId("req"), MitigationMode.DRY_RUN,
                "pod:terminate", null, target, Map.of(), null, null, alert(ns, "orchestrator",
                        Map.of("app.kubernetes.io/part-of", "c2-intents")), "test", Instant.now());
        MitigationEvent planned = requests.send(fromAlert);
        assertThat(planned.status()).isEqualTo(MitigationStatus.REJECTED);
        assertThat(planned.reason()).contains("the system's own");
        assertThat(client.pods().inNamespace(ns).withName("orchestrator").get()).isNotNull();
    }

    static C2Alert alert(String ns, String pod, Map<String, String> labels) {
        Instant now = Instant.now();
        return new C2Alert(1, ns + "/" + pod + "/1.1.1.1/indicator", 1, now,
                new PodRef(ns, pod, labels, "lab-worker-1", "10.244.1.7", null), "1.1.1.1", "ICMPv4", "T1095",
                Detector.INDICATOR, 0.95, now, now, 1, null, "test alert");
    }

    /** Every request read was acknowledged: the group's committed offsets reach the end of every partition. */
    private static void awaitOffsetsCommitted() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaBroker.shared().bootstrapServers()))) {
            await().atMost(Requests.TIMEOUT).untilAsserted(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("mitigation-service")
                        .partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, OffsetSpec> latest = committed.keySet().stream()
                        .filter(tp -> tp.topic().equals(Topics.MITIGATION_REQUESTS))
                        .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
                assertThat(latest).isNotEmpty();
                var ends = admin.listOffsets(latest).all().get();
                for (TopicPartition tp : latest.keySet()) {
                    assertThat(committed.get(tp).offset()).as(tp.toString()).isEqualTo(ends.get(tp).offset());
                }
            });
        }
    }
}
