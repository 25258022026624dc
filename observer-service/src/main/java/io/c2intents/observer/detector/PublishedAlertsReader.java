package io.c2intents.observer.detector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Reads {@code c2-alerts} from its beginning to its current end and fills one {@link AlertLedger} per
 * {@code hubble-flows} partition: an alert belongs to the partition its key (the pod) hashes to on
 * {@code hubble-flows}, whatever partition it sits on in {@code c2-alerts}, so a differing partition count between the
 * two topics cannot hide an alert. Only id, revision and detectedAt are read; records that are not alerts are skipped
 * (consumers of {@code c2-alerts} dead-letter them, not the detector). Blocking: runs on the Kafka polling thread
 * during a rebalance, never on the event loop.
 */
public final class PublishedAlertsReader {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Map<String, Object> kafkaConfig;
    private final String alertsTopic;

    /**
     * @param kafkaConfig the client settings of the service (bootstrap servers, security), as for any consumer
     * @param alertsTopic the topic alerts are published to
     */
    public PublishedAlertsReader(Map<String, Object> kafkaConfig, String alertsTopic) {
        this.kafkaConfig = kafkaConfig;
        this.alertsTopic = alertsTopic;
    }

    /**
     * @param flowPartitions      the {@code hubble-flows} partitions to fill ledgers for
     * @param flowPartitionCount  how many partitions {@code hubble-flows} has
     * @param ledgerCapacity      bound of each ledger
     */
    public Map<Integer, AlertLedger> read(Set<Integer> flowPartitions, int flowPartitionCount, int ledgerCapacity,
            Duration timeout) {
        Map<Integer, AlertLedger> ledgers = new HashMap<>();
        for (int p : flowPartitions) {
            ledgers.put(p, new AlertLedger(ledgerCapacity));
        }
        Properties props = new Properties();
        kafkaConfig.forEach((k, v) -> {
            if (v != null) {
                props.put(k, v.toString());
            }
        });
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        long deadline = System.nanoTime() + timeout.toNanos();
        int records = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(alertsTopic, timeout).stream()
                    .map(info -> new TopicPartition(alertsTopic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + alertsTopic + " to its end within " + timeout);
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() == null || record.value() == null) {
                        continue;
                    }
                    int flowPartition = Utils.toPositive(Utils.murmur2(record.key().getBytes(StandardCharsets.UTF_8)))
                            % flowPartitionCount;
                    AlertLedger ledger = ledgers.get(flowPartition);
                    if (ledger != null) {
                        records += note(ledger, record.value()) ? 1 : 0;
                    }
                }
            }
        }
        Log.debugf("Read %d alert revisions from %s for partitions %s", records, alertsTopic, flowPartitions);
        return ledgers;
    }

    private static boolean reached(KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static boolean note(AlertLedger ledger, String value) {
        try {
            JsonNode alert = MAPPER.readTree(value);
            JsonNode id = alert.path("id");
            JsonNode revision = alert.path("revision");
            if (!id.isTextual() || !revision.canConvertToInt()) {
                return false;
            }
            Instant detectedAt = alert.path("detectedAt").isTextual()
                    ? Instant.parse(alert.path("detectedAt").asText()) : null;
            ledger.seen(id.asText(), revision.asInt(), detectedAt);
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
