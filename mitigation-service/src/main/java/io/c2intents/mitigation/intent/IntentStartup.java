package io.c2intents.mitigation.intent;

import io.c2intents.events.Contracts;
import io.c2intents.events.SecurityIntent;
import io.c2intents.mitigation.config.MitigationConfig;
import io.c2intents.mitigation.history.TopicSnapshot;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * At start-up, on a worker thread: reads {@code security-intents} to its end into the {@link IntentCatalogue}, then
 * declares the shipped intent {@code contain-and-eradicate-c2} (the example of the events module) if the topic has
 * nothing under that name. A withdrawn default (a null value still on the topic) counts as a decision and is not
 * declared again. Alerts wait for this read; until Kafka answers it is retried.
 */
@ApplicationScoped
public class IntentStartup {

    /** The shipped default intent's name. */
    public static final String DEFAULT_INTENT = "contain-and-eradicate-c2";

    private static final Duration RETRY = Duration.ofSeconds(2);

    private final IntentCatalogue catalogue;
    private final IntentChecker checker;
    private final MitigationConfig config;
    private final Map<String, Object> kafkaConfig;
    private final String topic;
    private final MutinyEmitter<String> declare;

    public IntentStartup(IntentCatalogue catalogue, IntentChecker checker, MitigationConfig config,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            @ConfigProperty(name = "mp.messaging.incoming." + IntentChannels.INTENTS + ".topic") String topic,
            @Channel(IntentChannels.DECLARE) MutinyEmitter<String> declare) {
        this.catalogue = catalogue;
        this.checker = checker;
        this.config = config;
        this.kafkaConfig = kafkaConfig;
        this.topic = topic;
        this.declare = declare;
    }

    void onStart(@Observes StartupEvent start) {
        Infrastructure.getDefaultWorkerPool().execute(this::load);
    }

    private void load() {
        while (true) {
            try {
                read();
                break;
            } catch (RuntimeException e) {
                Log.warnf("cannot read %s yet (%s); retrying in %s", topic, e.getMessage(), RETRY);
                try {
                    Thread.sleep(RETRY.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        if (config.intents().declareDefault() && !catalogue.knows(DEFAULT_INTENT)) {
            String json = Contracts.SECURITY_INTENT.example().orElseThrow();
            SecurityIntent intent = checker.check(DEFAULT_INTENT, Contracts.SECURITY_INTENT.read(json));
            catalogue.apply(DEFAULT_INTENT, -1, intent);
            declare.sendMessage(Message.of(Contracts.SECURITY_INTENT.write(intent)).addMetadata(
                    OutgoingKafkaRecordMetadata.<String>builder().withKey(DEFAULT_INTENT).build()))
                    .await().atMost(config.intents().readTimeout());
            Log.infof("declared the shipped intent %s on %s", DEFAULT_INTENT, topic);
        }
        catalogue.markLoaded();
        Log.infof("%d intents in force: %s", catalogue.all().size(),
                catalogue.all().stream().map(SecurityIntent::name).toList());
    }

    private void read() {
        int valid = 0;
        for (ConsumerRecord<String, String> record : new TopicSnapshot(kafkaConfig).read(topic, k -> k != null,
                config.intents().readTimeout())) {
            catalogue.readUpTo(record.partition(), record.offset());
            if (record.value() == null) {
                catalogue.apply(record.key(), record.offset(), null);
                continue;
            }
            try {
                SecurityIntent intent = checker.check(record.key(), Contracts.SECURITY_INTENT.read(record.value()));
                catalogue.apply(intent.name(), record.offset(), intent);
                valid++;
            } catch (RuntimeException e) {
                Log.debugf("skipping intent record %s@%d at start-up: %s", record.key(), record.offset(),
                        e.getMessage());
            }
        }
        Log.debugf("read %d valid intent records from %s", valid, topic);
    }
}
