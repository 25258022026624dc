package io.c2intents.observer.source;

import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The producer thread waits for demand: a slow subscriber bounds what is read ahead. */
class PumpTest {

    @Test
    void producerEmitsOnlyWhatWasRequestedAndStopsWhenCancelled() {
        AtomicInteger emitted = new AtomicInteger();
        AtomicReference<Thread> producerThread = new AtomicReference<>();
        AssertSubscriber<Integer> subscriber = Pump.<Integer>of("pump-test", sink -> {
            producerThread.set(Thread.currentThread());
            for (int i = 0; i < 1_000_000; i++) {
                sink.emit(i);
                emitted.incrementAndGet();
            }
        }).subscribe().withSubscriber(AssertSubscriber.create(0));

        subscriber.request(5);
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(emitted.get()).isEqualTo(5));
        Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> emitted.get() == 5);
        assertThat(producerThread.get().getName()).isEqualTo("pump-test");

        subscriber.request(10);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> emitted.get() == 15);
        assertThat(subscriber.getItems()).hasSize(15).startsWith(0, 1, 2);

        subscriber.cancel();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !producerThread.get().isAlive());
        assertThat(emitted.get()).isEqualTo(15);
    }
}
