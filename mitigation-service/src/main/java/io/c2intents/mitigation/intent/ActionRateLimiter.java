package io.c2intents.mitigation.intent;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * At most {@code rateLimitPerMinute} actions per intent in any minute of wall time (a sliding window, so a burst at
 * the turn of a minute cannot double it). An incident takes the actions its plan starts with all at once, or none,
 * so a pod is never quarantined without the eradication that lets the quarantine end.
 */
@ApplicationScoped
public class ActionRateLimiter {

    private static final long MINUTE_NANOS = 60_000_000_000L;

    private final Map<String, Deque<Long>> taken = new HashMap<>();
    private final LongSupplier nanoTime;

    public ActionRateLimiter() {
        this(System::nanoTime);
    }

    ActionRateLimiter(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** Takes {@code actions} from the intent's allowance if all fit in the last minute; false, taking none, if not. */
    public synchronized boolean tryTake(String intent, int actions, int perMinute) {
        long now = nanoTime.getAsLong();
        Deque<Long> times = taken.computeIfAbsent(intent, k -> new ArrayDeque<>());
        while (!times.isEmpty() && now - times.peekFirst() >= MINUTE_NANOS) {
            times.pollFirst();
        }
        if (times.size() + actions > perMinute) {
            return false;
        }
        for (int i = 0; i < actions; i++) {
            times.addLast(now);
        }
        return true;
    }

    /** Actions taken by the intent in the last minute. */
    public synchronized int takenInLastMinute(String intent) {
        Deque<Long> times = taken.get(intent);
        if (times == null) {
            return 0;
        }
        long now = nanoTime.getAsLong();
        return (int) times.stream().filter(t -> now - t < MINUTE_NANOS).count();
    }
}
