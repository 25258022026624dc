package io.c2intents.observer.source;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;

/**
 * Turns a blocking producer (a gRPC blocking stream, a file being tailed, stdin) into a {@link Multi} that
 * respects downstream demand: the producer runs on its own thread, never on an event loop, and blocks in
 * {@link Sink#emit} while Kafka has asked for nothing more, so a slow broker slows the reading instead of filling
 * memory.
 */
public final class Pump {

    /** Where a producer puts its items. */
    public interface Sink<T> {
        /** Waits for demand, then emits. Throws {@link InterruptedException} once the subscriber is gone. */
        void emit(T item) throws InterruptedException;
    }

    /** Reads its input and emits; returns when the input ended for good. */
    @FunctionalInterface
    public interface Producer<T> {
        void run(Sink<T> sink) throws Exception;
    }

    private Pump() {
    }

    public static <T> Multi<T> of(String threadName, Producer<T> producer) {
        return Multi.createFrom().emitter(emitter -> start(threadName, producer, emitter), BackPressureStrategy.BUFFER);
    }

    private static <T> void start(String threadName, Producer<T> producer, MultiEmitter<? super T> emitter) {
        // Our own count of outstanding demand: the emitter's requested() lags while another thread drains, which
        // would let the producer run ahead into the emitter's unbounded buffer.
        Object lock = new Object();
        long[] credit = new long[1];
        Sink<T> sink = item -> {
            synchronized (lock) {
                while (credit[0] <= 0 && !emitter.isCancelled()) {
                    lock.wait(100);
                }
                if (credit[0] != Long.MAX_VALUE) {
                    credit[0]--;
                }
            }
            if (emitter.isCancelled()) {
                throw new InterruptedException("subscriber cancelled");
            }
            emitter.emit(item);
        };
        Thread thread = new Thread(() -> {
            try {
                producer.run(sink);
                emitter.complete();
            } catch (InterruptedException e) {
                emitter.complete();
            } catch (Throwable e) {
                emitter.fail(e);
            }
        }, threadName);
        thread.setDaemon(true);
        synchronized (lock) {
            emitter.onRequest(n -> {
                synchronized (lock) {
                    credit[0] = credit[0] + n < 0 ? Long.MAX_VALUE : credit[0] + n;
                    lock.notifyAll();
                }
            });
            // The subscriber may have asked before the callback existed (Mutiny subscribes before calling us).
            credit[0] = emitter.requested();
        }
        emitter.onTermination(() -> {
            if (Thread.currentThread() != thread) {
                thread.interrupt();
            }
        });
        thread.start();
    }
}
