package io.c2intents.mitigation.history;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Reads a topic from its beginning to the end it has when the read starts, with no consumer group (nothing is
 * committed, every instance may do it). This is how state that lives in the topics is rebuilt: the intents at
 * start-up, the incidents of the partitions an instance is given. Blocking: call it on a worker or the Kafka polling
 * thread, never on the event loop.
 */
public final class TopicSnapshot {

    private final Map<String, Object> kafkaConfig;

    /** @param kafkaConfig the service's client settings (bootstrap servers, security), as for any consumer */
    public TopicSnapshot(Map<String, Object> kafkaConfig) {
        this.kafkaConfig = kafkaConfig;
    }

    /**
     * Every record of {@code topic} whose key {@code keys} accepts (null keys included when it accepts null), in
     * offset order per partition.
     *
     * @throws IllegalStateException when the end is not reached within {@code timeout}
     */
    public List<ConsumerRecord<String, String>> read(String topic, Predicate<String> keys, Duration timeout) {
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
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within " + timeout);
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < end.getOrDefault(new TopicPartition(topic, record.partition()), 0L)
                            && keys.test(record.key())) {
                        records.add(record);
                    }
                }
            }
        }
        return records;
    }

    /** The partition Kafka's default partitioner gives a key among {@code partitions}. */
    public static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private static boolean reached(KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
