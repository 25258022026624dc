package io.c2intents.observer.detector;

import java.util.Arrays;

/** The newest {@code capacity} longs added, oldest first on read. Bounded evidence and contact history. */
final class LongRing {

    private final long[] values;
    private int next;
    private int size;

    LongRing(int capacity) {
        values = new long[capacity];
    }

    void add(long value) {
        values[next] = value;
        next = (next + 1) % values.length;
        if (size < values.length) {
            size++;
        }
    }

    int size() {
        return size;
    }

    /** The i-th oldest value kept. */
    long get(int i) {
        return values[Math.floorMod(next - size + i, values.length)];
    }

    long[] toArray() {
        long[] result = new long[size];
        for (int i = 0; i < size; i++) {
            result[i] = get(i);
        }
        return result;
    }

    void copyFrom(LongRing other) {
        for (int i = 0; i < other.size; i++) {
            add(other.get(i));
        }
    }

    @Override
    public String toString() {
        return Arrays.toString(toArray());
    }
}
