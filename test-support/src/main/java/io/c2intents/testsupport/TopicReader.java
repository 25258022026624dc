package io.c2intents.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.awaitility.Awaitility;

/**
 * Reads topics from the beginning on a background thread and keeps every record, so tests can await the records
 * they expect instead of sleeping. Close it at the end of the test.
 */
public final class TopicReader implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> records = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    TopicReader(Properties props, List<String> topics) {
        consumer = new KafkaConsumer<>(props);
        consumer.subscribe(topics);
        thread = new Thread(this::loop, "topic-reader-" + String.join(",", topics));
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        try {
            while (running) {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** Every record read so far. */
    public List<ConsumerRecord<String, String>> records() {
        return List.copyOf(records);
    }

    /** The records read so far that match. */
    public List<ConsumerRecord<String, String>> records(Predicate<ConsumerRecord<String, String>> filter) {
        List<ConsumerRecord<String, String>> result = new ArrayList<>();
        for (ConsumerRecord<String, String> r : records) {
            if (filter.test(r)) {
                result.add(r);
            }
        }
        return result;
    }

    /** Waits until at least {@code count} matching records were read, then returns all matching ones. */
    public List<ConsumerRecord<String, String>> await(Predicate<ConsumerRecord<String, String>> filter, int count,
            Duration timeout) {
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(50))
                .until(() -> records(filter).size() >= count);
        return records(filter);
    }

    /** Waits for the first matching record. */
    public ConsumerRecord<String, String> awaitOne(Predicate<ConsumerRecord<String, String>> filter, Duration timeout) {
        return await(filter, 1, timeout).get(0);
    }

    /** The value of a header as text, or null. */
    public static String header(ConsumerRecord<String, String> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
