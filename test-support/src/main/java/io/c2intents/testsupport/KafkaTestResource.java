package io.c2intents.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Gives a {@code @QuarkusTest} the JVM's real Kafka broker ({@link KafkaBroker#shared()}), with every topic
 * created. Use it as {@code @WithTestResource(KafkaTestResource.class)}.
 *
 * <p>It sets {@code kafka.bootstrap.servers} (which every SmallRye Kafka channel uses) and turns Dev Services off.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        String bootstrap = KafkaBroker.shared().bootstrapServers();
        return Map.of(
                "kafka.bootstrap.servers", bootstrap,
                "quarkus.kafka.devservices.enabled", "false",
                "quarkus.devservices.enabled", "false");
    }

    @Override
    public void stop() {
        // The broker is shared by every test class of the JVM and stops with it.
    }
}
