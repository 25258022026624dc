package io.c2intents.orchestrator.view;

import java.util.LinkedHashMap;
import java.util.Map;

/** A map that forgets its least recently written entry once it holds more than its capacity. */
class BoundedMap<K, V> extends LinkedHashMap<K, V> {

    private final int capacity;

    BoundedMap(int capacity) {
        super(64, 0.75f, false);
        this.capacity = capacity;
    }

    /** Writes and moves the entry to the newest end. */
    V write(K key, V value) {
        remove(key);
        return put(key, value);
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > capacity;
    }
}
