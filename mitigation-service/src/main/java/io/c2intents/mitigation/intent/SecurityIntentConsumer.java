package io.c2intents.mitigation.intent;

import io.c2intents.events.ContractViolation;
import io.c2intents.events.Contracts;
import io.c2intents.events.SecurityIntent;
import io.c2intents.mitigation.incident.IncidentEvents;
import io.c2intents.mitigation.kafka.MitigationEventPublisher;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.regex.Pattern;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Reads {@code security-intents} whole on every instance (a consumer group of its own, from the beginning) and keeps
 * the {@link IntentCatalogue} current: a declaration replaces the intent of its name, a null value withdraws it.
 * An intent that is not valid (contract, unknown technique, invalid parameters, a goal its techniques cannot meet) is
 * answered REJECTED on {@code mitigation-events} and nacked into {@code security-intents-dlq} with the reason; the
 * previous declaration of the name, if any, stays in force. Records the start-up read already judged are not
 * reported again, so a restart does not repeat old rejections.
 */
@ApplicationScoped
public class SecurityIntentConsumer {

    private static final Pattern NAME = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\\z");

    private final IntentCatalogue catalogue;
    private final IntentChecker checker;
    private final MitigationEventPublisher publisher;

    public SecurityIntentConsumer(IntentCatalogue catalogue, IntentChecker checker,
            MitigationEventPublisher publisher) {
        this.catalogue = catalogue;
        this.checker = checker;
        this.publisher = publisher;
    }

    @Incoming(IntentChannels.INTENTS)
    public Uni<Void> consume(Message<String> record) {
        IncomingKafkaRecordMetadata<?, ?> metadata = record.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElse(null);
        String key = metadata == null || metadata.getKey() == null ? null : metadata.getKey().toString();
        int partition = metadata == null ? 0 : metadata.getPartition();
        long offset = metadata == null ? Long.MAX_VALUE : metadata.getOffset();
        return catalogue.loaded().chain(() -> {
            boolean history = catalogue.readAtStartup(partition, offset);
            if (record.getPayload() == null) {
                if (key != null && catalogue.apply(key, offset, null) && !history) {
                    Log.infof("intent %s withdrawn", key);
                }
                return ack(record);
            }
            SecurityIntent intent;
            try {
                intent = checker.check(key, Contracts.SECURITY_INTENT.read(record.getPayload()));
            } catch (ContractViolation | InvalidIntent e) {
                if (history) {
                    return ack(record);
                }
                return reject(record, key, e);
            }
            if (catalogue.apply(intent.name(), offset, intent) && !history) {
                Log.infof("intent %s declared: %s, techniques %s, mode %s", intent.name(), intent.goal(),
                        intent.techniques(), intent.mode());
            }
            return ack(record);
        });
    }

    private Uni<Void> reject(Message<String> record, String key, RuntimeException problem) {
        String name = key != null && NAME.matcher(key).matches() ? key : null;
        Log.infof("rejected intent record (key %s): %s", key, problem.getMessage());
        return publisher.publish(key, IncidentEvents.rejected(null, name, problem.getMessage()))
                .onFailure().invoke(e -> Log.errorf(e, "cannot publish the rejection of intent %s", key))
                .onItemOrFailure().transformToUni((x, f) -> Uni.createFrom().completionStage(record.nack(problem)));
    }

    private static Uni<Void> ack(Message<String> record) {
        return Uni.createFrom().completionStage(record.ack());
    }
}
