package io.c2intents.simulator.kafka;

import static io.c2intents.simulator.SimulatorCommands.command;
import static io.c2intents.simulator.SimulatorCommands.outcomes;
import static io.c2intents.simulator.SimulatorCommands.uniqueId;
import static io.c2intents.simulator.SimulatorCommands.uniqueNamespace;
import static org.assertj.core.api.Assertions.assertThat;

import io.c2intents.events.SimulatorCommandType;
import io.c2intents.events.SimulatorEvent;
import io.c2intents.events.SimulatorOutcome;
import io.c2intents.events.Topics;
import io.c2intents.simulator.SimulatorCommands;
import io.c2intents.support.kafka.ConsumerNamingDeadLetterQueue;
import io.c2intents.testsupport.KafkaBroker;
import io.c2intents.testsupport.KafkaTestResource;
import io.c2intents.testsupport.LabClusterTestResource;
import io.c2intents.testsupport.TestKafka;
import io.c2intents.testsupport.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad commands on the real broker: each gets one rejected event naming the field and a record in
 * {@code simulator-commands-dlq} with the reason, and the consumer goes on with the next command.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(LabClusterTestResource.class)
class SimulatorCommandRejectionTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String DLQ = Topics.dlq(Topics.SIMULATOR_COMMANDS);

    private static TopicReader topics;

    @BeforeAll
    static void readTopics() {
        topics = TestKafka.read(Topics.SIMULATOR_EVENTS, DLQ);
    }

    @AfterAll
    static void closeReader() {
        topics.close();
    }

    /** What was sent and the field its rejection must name. */
    private record Bad(String payload, String reason) {
    }

    @Test
    void everyBadCommandIsRejectedAndDeadLetteredWithItsReasonAndTheNextGoodOneStillRuns() {
        Map<String, Bad> bad = new LinkedHashMap<>();
        String id = uniqueId("unknown-type");
        bad.put(id, new Bad(command(id, "explode"), "$.type"));
        id = uniqueId("malformed");
        bad.put(id, new Bad("{\"schemaVersion\":1,\"commandId\":\"" + id + "\",\"type\":\"deploy\"", "not JSON"));
        id = uniqueId("bad-namespace");
        bad.put(id, new Bad(command(id, "deploy", "namespace", "C2_Lab"), "$.namespace"));
        id = uniqueId("bad-pod");
        bad.put(id, new Bad(command(id, "infect", "pod", "target;reboot"), "$.pod"));
        id = uniqueId("bad-ip");
        bad.put(id, new Bad(command(id, "infect", "c2Address", "1.1.1.256"), "$.c2Address"));
        // the cluster's own namespaces: refused before any call to the Kubernetes API
        id = uniqueId("protected-deploy");
        bad.put(id, new Bad(command(id, "deploy", "namespace", "kube-system"), "$.namespace: 'kube-system' is protected"));
        id = uniqueId("protected-reset");
        bad.put(id, new Bad(command(id, "reset", "namespace", "kube-node-lease"),
                "$.namespace: 'kube-node-lease' is protected"));
        id = uniqueId("protected-infect");
        bad.put(id, new Bad(command(id, "infect", "namespace", "kube-system", "pod", "coredns-0"),
                "$.namespace: 'kube-system' is protected"));
        id = uniqueId("long-namespace");
        bad.put(id, new Bad(command(id, "deploy", "namespace", "a".repeat(300)), "$.namespace"));
        id = uniqueId("traversal-pod");
        bad.put(id, new Bad(command(id, "infect", "pod", "../../etc/passwd"), "$.pod"));
        id = uniqueId("bad-schedule");
        bad.put(id, new Bad(command(id, "infect", "schedule", "* * * * *'; reboot; echo '"), "$.schedule"));

        bad.forEach((commandId, sent) -> SimulatorCommands.send(commandId, sent.payload()));
        String good = uniqueId("after-bad");
        SimulatorEvent goodOutcome = SimulatorCommands.run(topics, good,
                command(good, "undeploy", "namespace", uniqueNamespace("after-bad")), TIMEOUT);

        assertThat(goodOutcome.outcome()).as(goodOutcome.message()).isEqualTo(SimulatorOutcome.DONE);
        assertThat(goodOutcome.type()).isEqualTo(SimulatorCommandType.UNDEPLOY);
        // commands run one after the other: once the good one is answered, every bad one was
        bad.forEach((commandId, sent) -> {
            assertThat(outcomes(topics, commandId)).as(commandId).singleElement().satisfies(event -> {
                assertThat(event.outcome()).isEqualTo(SimulatorOutcome.REJECTED);
                assertThat(event.commandId()).isEqualTo(commandId);
                assertThat(event.message()).contains(sent.reason());
            });
            ConsumerRecord<String, String> dead = topics.awaitOne(r -> DLQ.equals(r.topic())
                    && commandId.equals(r.key()), TIMEOUT);
            assertThat(dead.value()).isEqualTo(sent.payload());
            assertThat(TopicReader.header(dead, Topics.DLQ_REASON_HEADER)).contains(sent.reason());
        });
        assertThat(outcomes(topics, good)).hasSize(1);
        assertThat(topics.records(r -> DLQ.equals(r.topic()) && good.equals(r.key()))).isEmpty();
    }

    @Test
    void aRejectedCommandTooLargeForTheDeadLetterTopicDoesNotStopTheCommandStream() {
        // fits the broker's 1 MB limit, but not once SmallRye's dead-letter headers are added
        String id = uniqueId("too-large");
        String payload = command(id, "explode", "pad", "x".repeat(1_048_250));
        SimulatorCommands.send(id, payload);
        String good = uniqueId("after-too-large");
        SimulatorEvent goodOutcome = SimulatorCommands.run(topics, good,
                command(good, "undeploy", "namespace", uniqueNamespace("after-too-large")), TIMEOUT);

        assertThat(goodOutcome.outcome()).as(goodOutcome.message()).isEqualTo(SimulatorOutcome.DONE);
        assertThat(outcomes(topics, id)).singleElement().satisfies(event -> {
            assertThat(event.outcome()).isEqualTo(SimulatorOutcome.REJECTED);
            assertThat(event.message()).contains("$.type");
        });
    }

    @Test
    void aDeadLetteredCommandNamesTheSimulatorAndItsChannelOnce() {
        String id = uniqueId("dlq-consumer");
        String payload = command(id, "explode");
        SimulatorCommands.send(id, payload);

        ConsumerRecord<String, String> dead = topics.awaitOne(r -> DLQ.equals(r.topic()) && id.equals(r.key()), TIMEOUT);
        assertThat(dead.value()).isEqualTo(payload);
        assertThat(TopicReader.header(dead, ConsumerNamingDeadLetterQueue.CONSUMER_HEADER))
                .isEqualTo("attack-simulator/simulator-commands");
        assertThat(dead.headers().headers(ConsumerNamingDeadLetterQueue.CONSUMER_HEADER)).hasSize(1);
        // SmallRye's own headers are still written
        assertThat(TopicReader.header(dead, Topics.DLQ_REASON_HEADER)).contains("$.type");
    }

    @Test
    void theOffsetOfACommandIsCommittedOnceItsOutcomeIsWritten() throws Exception {
        String id = uniqueId("commit");
        RecordMetadata sent = SimulatorCommands.send(id, command(id, "undeploy", "namespace", uniqueNamespace("commit")));
        SimulatorCommands.awaitOutcome(topics, id, TIMEOUT);

        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        TopicPartition partition = new TopicPartition(sent.topic(), sent.partition());
        try (Admin admin = Admin.create(props)) {
            Awaitility.await().atMost(TIMEOUT).untilAsserted(() -> {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets("attack-simulator")
                        .partitionsToOffsetAndMetadata().get().get(partition);
                assertThat(committed).isNotNull();
                assertThat(committed.offset()).isGreaterThan(sent.offset());
            });
        }
    }
}
