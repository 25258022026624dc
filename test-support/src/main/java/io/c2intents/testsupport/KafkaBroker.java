package io.c2intents.testsupport;

import io.c2intents.events.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Logger;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The one real Kafka broker of a test JVM, chosen once:
 * <ol>
 * <li>the broker named by {@code KAFKA_BOOTSTRAP_SERVERS} (environment or system property), if set;</li>
 * <li>else Testcontainers' {@link KafkaContainer} where a Docker engine answers;</li>
 * <li>else an {@link EmbeddedKafkaBroker} (in-JVM KRaft) on random ports.</li>
 * </ol>
 * Every topic is created before the first test uses it. The broker lives until the JVM exits; tests share it,
 * so each test uses its own keys, ids or namespaces instead of expecting empty topics.
 */
public final class KafkaBroker {

    private static final Logger LOG = Logger.getLogger(KafkaBroker.class.getName());
    private static KafkaBroker shared;

    private final String bootstrapServers;
    private final String kind;

    private KafkaBroker(String bootstrapServers, String kind) {
        this.bootstrapServers = bootstrapServers;
        this.kind = kind;
    }

    /** The broker of this JVM, started (and its topics created) on first use. */
    public static synchronized KafkaBroker shared() {
        if (shared == null) {
            shared = startBroker();
            TopicProvisioner.provision(shared.bootstrapServers, Topics.DEFAULT_PARTITIONS);
            LOG.info(() -> "Kafka for tests: " + shared.kind + " at " + shared.bootstrapServers);
        }
        return shared;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** external, testcontainers or embedded. */
    public String kind() {
        return kind;
    }

    private static KafkaBroker startBroker() {
        String external = System.getProperty("KAFKA_BOOTSTRAP_SERVERS", System.getenv("KAFKA_BOOTSTRAP_SERVERS"));
        if (external != null && !external.isBlank()) {
            return new KafkaBroker(external.trim(), "external");
        }
        if (dockerAvailable()) {
            KafkaContainer container = new KafkaContainer("apache/kafka-native:" + kafkaVersion());
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "kafka-container-stop"));
            return new KafkaBroker(container.getBootstrapServers(), "testcontainers");
        }
        try {
            Path dir = Files.createTempDirectory("c2intents-kafka-");
            EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, 0, 0);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                broker.close();
                deleteQuietly(dir);
            }, "embedded-kafka-stop"));
            return new KafkaBroker(broker.bootstrapServers(), "embedded");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a Kafka data directory", e);
        }
    }

    /** Asks Testcontainers only when a Docker endpoint is configured at all, so machines without one start fast. */
    private static boolean dockerAvailable() {
        boolean configured = System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"));
        if (!configured) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static String kafkaVersion() {
        return org.apache.kafka.common.utils.AppInfoParser.getVersion();
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }
}
