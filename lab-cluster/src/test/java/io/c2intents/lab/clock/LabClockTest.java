package io.c2intents.lab.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class LabClockTest {

    @Test
    void aSteppedClockRunsDueTasksInTimeOrderAtTheirOwnTime() {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        SteppedLabClock clock = LabClock.stepped(start);
        List<String> ran = new ArrayList<>();
        clock.scheduleAfter(Duration.ofSeconds(60), () -> ran.add("minute at " + clock.now()));
        clock.scheduleAfter(Duration.ofSeconds(1), () -> {
            ran.add("second at " + clock.now());
            clock.scheduleAfter(Duration.ofSeconds(1), () -> ran.add("chained at " + clock.now()));
        });
        LabClock.Scheduled cancelled = clock.scheduleAfter(Duration.ofSeconds(30), () -> ran.add("cancelled"));
        cancelled.cancel();

        clock.advance(Duration.ofSeconds(59));
        assertThat(ran).containsExactly("second at 2026-01-01T00:00:01Z", "chained at 2026-01-01T00:00:02Z");
        assertThat(clock.now()).isEqualTo(start.plusSeconds(59));

        clock.advance(Duration.ofSeconds(1));
        assertThat(ran).last().isEqualTo("minute at 2026-01-01T00:01:00Z");
    }

    @Test
    void aScaledClockRunsLabMinutesInRealSeconds() {
        try (LabClock clock = LabClock.scaled(600)) {
            Instant start = clock.now();
            AtomicBoolean fired = new AtomicBoolean();
            clock.scheduleAfter(Duration.ofMinutes(1), () -> fired.set(true));
            // one lab minute at x600 is 100 ms of real time
            await().atMost(Duration.ofSeconds(5)).untilTrue(fired);
            assertThat(Duration.between(start, clock.now())).isGreaterThanOrEqualTo(Duration.ofMinutes(1));
        }
    }
}
