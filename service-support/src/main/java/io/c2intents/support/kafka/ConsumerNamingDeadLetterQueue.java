package io.c2intents.support.kafka;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaConnectorIncomingConfiguration;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.fault.KafkaFailureHandler;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;

/**
 * SmallRye's {@code dead-letter-queue} failure strategy, plus one header naming who refused the record:
 * {@value #CONSUMER_HEADER} = {@code <quarkus.application.name>/<channel>}, e.g. {@code observer-service/detector-flows}. A person reading
 * {@code <topic>-dlq} then knows which service and channel to look at; SmallRye's own headers (reason, exception,
 * source topic, partition, offset) are written as before. Set on a channel with
 * {@code mp.messaging.incoming.<channel>.failure-strategy=}{@value #STRATEGY}; every {@code dead-letter-queue.*}
 * setting applies unchanged. Every nack of the channel goes through it, the service's own and SmallRye's.
 */
@ApplicationScoped
@Identifier(ConsumerNamingDeadLetterQueue.STRATEGY)
public class ConsumerNamingDeadLetterQueue implements KafkaFailureHandler.Factory {

    /** The failure-strategy name to configure. */
    public static final String STRATEGY = "c2-dead-letter-queue";

    /** The header naming the consuming service and channel. */
    public static final String CONSUMER_HEADER = "c2-dlq-consumer";

    private final KafkaFailureHandler.Factory deadLetterQueue;
    private final String service;

    public ConsumerNamingDeadLetterQueue(
            @Identifier(KafkaFailureHandler.Strategy.DEAD_LETTER_QUEUE) KafkaFailureHandler.Factory deadLetterQueue,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        this.deadLetterQueue = deadLetterQueue;
        this.service = service;
    }

    @Override
    public KafkaFailureHandler create(KafkaConnectorIncomingConfiguration config, Vertx vertx,
            KafkaConsumer<?, ?> consumer, BiConsumer<Throwable, Boolean> reportFailure) {
        KafkaFailureHandler delegate = deadLetterQueue.create(config, vertx, consumer, reportFailure);
        byte[] name = (service + "/" + config.getChannel()).getBytes(StandardCharsets.UTF_8);
        return new KafkaFailureHandler() {
            @Override
            public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record, Throwable reason, Metadata metadata) {
                return delegate.handle(record, reason, withConsumer(metadata, name));
            }

            @Override
            public void terminate() {
                delegate.terminate();
            }
        };
    }

    /** The nack's metadata with the header added to the DLQ record's (keeping any topic, key or headers it set). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Metadata withConsumer(Metadata metadata, byte[] name) {
        Metadata base = metadata == null ? Metadata.empty() : metadata;
        OutgoingKafkaRecordMetadata<?> given = base.get(OutgoingKafkaRecordMetadata.class).orElse(null);
        RecordHeaders headers = new RecordHeaders();
        if (given != null && given.getHeaders() != null) {
            given.getHeaders().forEach(headers::add);
        }
        headers.remove(CONSUMER_HEADER);
        headers.add(CONSUMER_HEADER, name);
        OutgoingKafkaRecordMetadata.OutgoingKafkaRecordMetadataBuilder builder = OutgoingKafkaRecordMetadata.builder()
                .withHeaders(headers);
        if (given != null) {
            builder.withTopic(given.getTopic()).withKey(given.getKey()).withPartition(given.getPartition())
                    .withTimestamp(given.getTimestamp());
        }
        return base.with(builder.build());
    }
}
