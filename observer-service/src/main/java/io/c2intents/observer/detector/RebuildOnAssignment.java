package io.c2intents.observer.detector;

import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Makes per-pod state follow the partitions. When {@code hubble-flows} partitions are assigned (start, restart,
 * scale-out), their state is rebuilt: the consumer seeks to the beginning of each, so the detectors see the pod's whole
 * retained history again, and the alerts already on {@code c2-alerts} are read into the partition's {@link AlertLedger}.
 * Records below the group's committed offset only rebuild state; from there on alerts are published, except the
 * id + revision pairs the ledger has (those sent just before a crash whose flow offsets were not yet committed).
 * When partitions are revoked or lost, their state is dropped. Runs on the Kafka polling thread.
 */
@ApplicationScoped
@Identifier(DetectorChannels.REBUILD_LISTENER)
public class RebuildOnAssignment implements KafkaConsumerRebalanceListener {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private final PartitionStates states;
    private final DetectorSettings settings;
    private final DetectorMetrics metrics;
    private final Map<String, Object> kafkaConfig;
    private final String alertsTopic;

    public RebuildOnAssignment(PartitionStates states, DetectorSettings settings, DetectorMetrics metrics,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            @ConfigProperty(name = "mp.messaging.outgoing." + DetectorChannels.ALERTS_OUT + ".topic")
            String alertsTopic) {
        this.states = states;
        this.settings = settings;
        this.metrics = metrics;
        this.kafkaConfig = kafkaConfig;
        this.alertsTopic = alertsTopic;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
        String topic = partitions.iterator().next().topic();
        int partitionCount = consumer.partitionsFor(topic).size();
        Set<Integer> numbers = partitions.stream().map(TopicPartition::partition).collect(Collectors.toSet());
        Map<Integer, AlertLedger> ledgers;
        try {
            ledgers = new PublishedAlertsReader(kafkaConfig, alertsTopic)
                    .read(numbers, partitionCount, settings.maxLedgerEntries, READ_TIMEOUT);
        } catch (RuntimeException e) {
            // Better an alert published twice than none: go on without knowing what was published.
            Log.errorf(e, "Could not read %s back; alerts sent just before the last stop may be published again",
                    alertsTopic);
            ledgers = new java.util.HashMap<>();
            for (int p : numbers) {
                ledgers.put(p, new AlertLedger(settings.maxLedgerEntries));
            }
        }
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata done = committed.get(tp);
            long liveFrom = done == null ? 0 : done.offset();
            AlertLedger ledger = ledgers.get(tp.partition());
            states.put(tp.partition(), new PartitionStates.Owned(
                    new PartitionDetector(settings, ledger, Clock.systemUTC()), liveFrom));
            metrics.rebuilt();
            Log.infof("Detector owns %s: replaying it from the beginning, alerts live from offset %d, "
                    + "%d published alerts known", tp, liveFrom, ledger.size());
        }
        consumer.seekToBeginning(partitions);
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        drop(partitions, "revoked");
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        drop(partitions, "lost");
    }

    private void drop(Collection<TopicPartition> partitions, String why) {
        for (TopicPartition tp : partitions) {
            states.remove(tp.partition());
            Log.infof("Detector no longer owns %s (%s): state dropped", tp, why);
        }
    }
}
