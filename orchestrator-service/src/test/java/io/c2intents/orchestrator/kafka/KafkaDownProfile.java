package io.c2intents.orchestrator.kafka;

import io.c2intents.testsupport.EmbeddedKafkaBroker;
import io.c2intents.testsupport.TopicProvisioner;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

/** A broker of its own for this profile, which the test stops halfway: Kafka goes down under a running app. */
public class KafkaDownProfile implements QuarkusTestProfile {

    static volatile EmbeddedKafkaBroker broker;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("orchestrator.kafka-timeout", "3s");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(OwnBroker.class));
    }

    public static class OwnBroker implements QuarkusTestResourceLifecycleManager {

        @Override
        public Map<String, String> start() {
            try {
                broker = EmbeddedKafkaBroker.start(Files.createTempDirectory("orchestrator-kafka-down"), 0, 0);
                TopicProvisioner.provision(broker.bootstrapServers(), 1);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("kafka.bootstrap.servers", broker.bootstrapServers());
        }

        @Override
        public void stop() {
            stopBroker();
        }
    }

    static synchronized void stopBroker() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }
}
