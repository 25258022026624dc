package io.c2intents.orchestrator.kafka;

import java.util.concurrent.ConcurrentHashMap;

/**
 * How far each topic-partition has been read into the views. Offsets are never committed, so after a broker
 * reconnect or a consumer-group rebalance a channel starts again from the earliest offset; a record at or below
 * the offset already read is a re-read and must not change the views again (steps would show twice, flows
 * would be doubled, old commands would move to the top).
 */
final class ReadPositions {

    private final ConcurrentHashMap<String, Long> next = new ConcurrentHashMap<>();

    /** True the first time this position is seen; records the position as read. */
    boolean firstRead(String topic, int partition, long offset) {
        if (offset < 0) {
            return true; // not from a broker: nothing to compare with
        }
        String key = topic + "-" + partition;
        boolean[] first = {false};
        next.compute(key, (k, known) -> {
            if (known == null || offset >= known) {
                first[0] = true;
                return offset + 1;
            }
            return known;
        });
        return first[0];
    }
}
