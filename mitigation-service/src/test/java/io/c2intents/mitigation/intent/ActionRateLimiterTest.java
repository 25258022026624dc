package io.c2intents.mitigation.intent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A sliding minute of wall time, all or nothing per incident, per intent. */
class ActionRateLimiterTest {

    private final AtomicLong nanos = new AtomicLong();
    private final ActionRateLimiter limiter = new ActionRateLimiter(nanos::get);

    @Test
    void noMinuteEverHoldsMoreThanTheLimit() {
        assertThat(limiter.tryTake("a", 2, 5)).isTrue();
        assertThat(limiter.tryTake("a", 2, 5)).isTrue();
        assertThat(limiter.tryTake("a", 2, 5)).as("all or nothing: 4 + 2 > 5").isFalse();
        assertThat(limiter.takenInLastMinute("a")).isEqualTo(4);
        assertThat(limiter.tryTake("b", 2, 5)).as("each intent has its own allowance").isTrue();

        nanos.addAndGet(59_999_999_999L);
        assertThat(limiter.tryTake("a", 2, 5)).as("still inside the minute").isFalse();
        nanos.addAndGet(1);
        assertThat(limiter.tryTake("a", 2, 5)).isTrue();
        assertThat(limiter.takenInLastMinute("a")).isEqualTo(2);
    }
}
