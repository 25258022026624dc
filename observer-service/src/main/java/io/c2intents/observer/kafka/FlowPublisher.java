package io.c2intents.observer.kafka;

import io.c2intents.observer.metrics.ObserverMetrics;
import io.c2intents.observer.source.FlowRecord;
import io.c2intents.observer.source.FlowSource;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

import java.util.concurrent.CompletableFuture;

/**
 * Publishes the configured source's flows to {@code hubble-flows}, keyed by the pod end of each flow. The source's
 * stream is consumed at Kafka's pace (backpressure reaches the file reader or the gRPC stream); a flow counts as
 * published once the broker acknowledged it.
 */
@ApplicationScoped
public class FlowPublisher {

    private final FlowSource source;
    private final ObserverMetrics metrics;

    public FlowPublisher(FlowSource source, ObserverMetrics metrics) {
        this.source = source;
        this.metrics = metrics;
    }

    @Outgoing(Channels.FLOWS_OUT)
    public Multi<Message<String>> flows() {
        Log.infof("Publishing flows from %s", source.name());
        return source.flows()
                .onCompletion().invoke(() -> Log.infof("No more flows from %s", source.name()))
                .map(this::toMessage);
    }

    private Message<String> toMessage(FlowRecord flow) {
        return Message.of(flow.value())
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(flow.key()).build())
                .withAck(() -> {
                    metrics.flowPublished();
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    metrics.publishFailed();
                    Log.errorf("Kafka refused the flow from %s (key %s): %s", flow.origin(), flow.key(),
                            failure.toString());
                    return CompletableFuture.completedFuture(null);
                });
    }
}
