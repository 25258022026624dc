package io.c2intents.observer.detector;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The alert revisions already on {@code c2-alerts} for one partition: read back from the topic when the partition is
 * assigned, then kept up to date as the detector publishes. An alert id + revision found here is never published
 * again, which is what keeps a restart or rebalance from duplicating alerts; the first {@code detectedAt} of an alert
 * is kept here too so that later revisions carry the original one. Bounded: the oldest entries go first.
 * Used by one thread at a time.
 */
public final class AlertLedger {

    private record Entry(int revision, Instant detectedAt) {
    }

    private final Map<String, Entry> entries;
    private long suppressed;

    public AlertLedger(int capacity) {
        this.entries = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Notes a revision read from (or written to) the topic; only the highest one per id matters. */
    public void seen(String id, int revision, Instant detectedAt) {
        Entry known = entries.get(id);
        if (known == null || known.revision < revision) {
            entries.put(id, new Entry(revision, known != null && known.detectedAt != null ? known.detectedAt
                    : detectedAt));
        }
    }

    /** Whether this revision of the alert (or a later one) is on the topic already; counts it as suppressed if so. */
    public boolean alreadyPublished(String id, int revision) {
        Entry known = entries.get(id);
        if (known != null && known.revision >= revision) {
            suppressed++;
            return true;
        }
        return false;
    }

    /** When the alert was first raised, if it was published before. */
    public Instant detectedAt(String id) {
        Entry known = entries.get(id);
        return known == null ? null : known.detectedAt;
    }

    /** Forgets a closed alert: its id (which carries its first-seen time) never comes back. */
    public void forget(String id) {
        entries.remove(id);
    }

    /** Revisions not republished because the topic had them. */
    public long suppressed() {
        return suppressed;
    }

    public int size() {
        return entries.size();
    }
}
