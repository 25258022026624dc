package io.c2intents.mitigation.kafka;

import io.c2intents.events.Contracts;
import io.c2intents.events.MitigationEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Writes mitigation events to {@code mitigation-events}, keyed by the incident's pod ({@code namespace/pod}) so they
 * land on the partition of that pod's alerts and requests. The Uni completes once the broker has the record
 * ({@code acks=all}), which is when the request that caused it may be acknowledged.
 */
@ApplicationScoped
public class MitigationEventPublisher {

    private final MutinyEmitter<String> events;

    public MitigationEventPublisher(@Channel(Channels.EVENTS) MutinyEmitter<String> events) {
        this.events = events;
    }

    public Uni<Void> publish(String key, MitigationEvent event) {
        String payload = Contracts.MITIGATION_EVENT.write(event);
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder().withKey(key)
                .build();
        return events.sendMessage(Message.of(payload).addMetadata(metadata));
    }
}
