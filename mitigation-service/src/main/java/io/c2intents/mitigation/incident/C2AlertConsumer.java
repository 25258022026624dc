package io.c2intents.mitigation.incident;

import com.fasterxml.jackson.databind.JsonNode;
import io.c2intents.events.C2Alert;
import io.c2intents.events.ContractViolation;
import io.c2intents.events.Contracts;
import io.c2intents.events.EventJson;
import io.c2intents.mitigation.intent.IntentCatalogue;
import io.c2intents.mitigation.intent.IntentChannels;
import io.c2intents.mitigation.kafka.MitigationEventPublisher;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Reads {@code c2-alerts} (the service's consumer group: each pod's alerts reach one instance, which owns its
 * incidents). Payloads arrive as strings and are read through the contract; one that is not an alert is answered
 * REJECTED and nacked into {@code c2-alerts-dlq} with the reason. A good one is acknowledged only once every event
 * it caused is written, so an alert is never lost across a crash: it comes again and the rebuilt incident takes it
 * from the last step on the topic. Alerts wait until the declared intents have been read.
 */
@ApplicationScoped
public class C2AlertConsumer {

    private final IncidentRunner runner;
    private final IntentCatalogue catalogue;
    private final MitigationEventPublisher publisher;

    public C2AlertConsumer(IncidentRunner runner, IntentCatalogue catalogue, MitigationEventPublisher publisher) {
        this.runner = runner;
        this.catalogue = catalogue;
        this.publisher = publisher;
    }

    @Incoming(IntentChannels.ALERTS)
    public Uni<Void> consume(Message<String> record) {
        String key = record.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> m.getKey() == null ? null : m.getKey().toString()).orElse(null);
        C2Alert alert;
        try {
            alert = Contracts.C2_ALERT.read(record.getPayload());
        } catch (ContractViolation e) {
            String id = idOf(record.getPayload());
            Log.infof("rejected alert record (key %s): %s", key, e.getMessage());
            return publisher.publish(key, IncidentEvents.rejected(id, null, e.getMessage()))
                    .onFailure().invoke(f -> Log.errorf(f, "cannot publish the rejection of alert %s", key))
                    .onItemOrFailure().transformToUni((x, f) -> Uni.createFrom().completionStage(record.nack(e)));
        }
        return catalogue.loaded()
                .chain(() -> runner.onAlert(alert))
                .chain(() -> Uni.createFrom().completionStage(record.ack()))
                .onFailure().recoverWithUni(e -> {
                    // nothing was decided for sure: the record goes to the DLQ rather than being lost or blocking
                    Log.errorf(e, "cannot answer alert %s", alert.id());
                    return Uni.createFrom().completionStage(record.nack(new IllegalStateException(
                            "cannot answer the alert: " + e.getMessage(), e)));
                });
    }

    private static String idOf(String payload) {
        try {
            JsonNode node = payload == null ? null : EventJson.MAPPER.readTree(payload);
            return node != null && node.path("id").isTextual() && node.get("id").asText().length() <= 512
                    ? node.get("id").asText() : null;
        } catch (Exception e) {
            return null;
        }
    }
}
