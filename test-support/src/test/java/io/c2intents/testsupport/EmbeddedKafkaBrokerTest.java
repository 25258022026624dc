package io.c2intents.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.c2intents.events.Topics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerTest {

    @TempDir
    Path dir;

    @Test
    void keepsRecordsAcrossRestartOnTheSameDataDirectory() throws Exception {
        int port;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, 0, 0)) {
            port = broker.port();
            assertThat(TopicProvisioner.provision(broker.bootstrapServers(), 3)).contains(Topics.HUBBLE_FLOWS);
            produce(broker.bootstrapServers(), "ns/pod-a", "before restart");
        }
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, port, 0)) {
            assertThat(TopicProvisioner.provision(broker.bootstrapServers(), 3)).isEmpty();
            assertThat(TopicProvisioner.describe(broker.bootstrapServers())).containsEntry(Topics.HUBBLE_FLOWS, 3);
            ConsumerRecord<String, String> r = consumeFirst(broker.bootstrapServers());
            assertThat(r.key()).isEqualTo("ns/pod-a");
            assertThat(r.value()).isEqualTo("before restart");
        }
    }

    @Test
    void refusesAPortInUseNamingIt() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> EmbeddedKafkaBroker.start(dir, port, 0))
                    .isInstanceOf(EmbeddedKafkaBroker.PortInUseException.class)
                    .hasMessageContaining("port " + port).hasMessageContaining("already in use");
        }
        assertThat(Files.exists(dir.resolve("kraft-logs"))).isFalse();
    }

    @Test
    void provisionerPlansEveryTopicWithItsDlqAndCompaction() {
        var plan = TopicProvisioner.plan(3);
        assertThat(plan).extracting(t -> t.name()).contains("hubble-flows", "c2-alerts", "security-intents",
                "hubble-flows-dlq", "mitigation-requests-dlq", "simulator-commands-dlq", "c2-alerts-dlq");
        assertThat(plan).allSatisfy(t -> assertThat(t.numPartitions()).isEqualTo(3));
        assertThat(plan).filteredOn(t -> t.name().equals("security-intents"))
                .singleElement().satisfies(t -> assertThat(t.configs()).containsEntry("cleanup.policy", "compact"));
        assertThatThrownBy(() -> TopicProvisioner.plan(0)).hasMessageContaining("partitions");
    }

    private static void produce(String bootstrap, String key, String value) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>(Topics.HUBBLE_FLOWS, key, value)).get();
        }
    }

    private static ConsumerRecord<String, String> consumeFirst(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "restart-check");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(java.util.List.of(Topics.HUBBLE_FLOWS));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    return r;
                }
            }
        }
        throw new AssertionError("no record read back within 30 s");
    }
}
