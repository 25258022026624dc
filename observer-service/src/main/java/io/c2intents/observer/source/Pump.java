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
        Object demand = new Object();
        Sink<T> sink = item -> {
            synchronized (demand) {
                while (emitter.requested() <= 0 && !emitter.isCancelled()) {
                    // Timed, so that a request signalled before we started waiting is never missed for long.
                    demand.wait(100);
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
        emitter.onRequest(n -> {
            synchronized (demand) {
                demand.notifyAll();
            }
        });
        emitter.onTermination(() -> {
            if (Thread.currentThread() != thread) {
                thread.interrupt();
            }
        });
        thread.start();
    }
}
