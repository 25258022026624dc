package io.c2intents.observer.config;

import java.nio.file.FileSystems;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks {@code observer.*} before a flow source is built, so a bad value stops the service at start-up with a
 * message naming the setting and what it allows. Without it, a zero speed, a negative poll interval or a broken
 * glob failed only inside the reading thread: the service started, said it was running, and published nothing;
 * a negative backoff reconnected to Relay in a tight loop.
 */
public final class ObserverSettingsCheck {

    /** Longest line a Java array can hold, with room for the JVM's header. */
    static final int MAX_LINE_BYTES = Integer.MAX_VALUE - 8;
    /** A Hubble flow line is one to a few KiB; anything shorter than this would skip every flow. */
    static final int MIN_LINE_BYTES = 1024;

    private ObserverSettingsCheck() {
    }

    /**
     * Every problem of the settings the chosen source uses, each naming the setting, its value and what is allowed;
     * empty when they are fine. Settings of the sources not chosen are not looked at.
     */
    public static List<String> problems(ObserverConfig config) {
        List<String> problems = new ArrayList<>();
        positive(problems, "observer.max-flow-time-ahead", config.maxFlowTimeAhead());
        switch (config.source()) {
            case RELAY -> relay(problems, config.relay());
            case FILE -> {
                if (config.file().path().isEmpty()) {
                    problems.add("observer.file.path: missing; observer.source=file needs a Hubble JSON file or a"
                            + " directory of them");
                }
                file(problems, config.file());
            }
            case STDIN -> file(problems, config.file());
            case NONE -> {
            }
        }
        return problems;
    }

    /** Throws naming every problem, or returns when there is none. */
    public static void require(ObserverConfig config) {
        List<String> problems = problems(config);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Invalid observer configuration: " + String.join("; ", problems));
        }
    }

    private static void relay(List<String> problems, ObserverConfig.Relay relay) {
        if (relay.address().isBlank()) {
            problems.add("observer.relay.address: empty; give Relay's gRPC address as host:port, e.g. 127.0.0.1:4245");
        }
        notNegative(problems, "observer.relay.lookback", relay.lookback());
        positive(problems, "observer.relay.backoff-initial", relay.backoffInitial());
        positive(problems, "observer.relay.backoff-max", relay.backoffMax());
        if (relay.backoffMax().compareTo(relay.backoffInitial()) < 0) {
            problems.add("observer.relay.backoff-max: " + relay.backoffMax() + " is shorter than"
                    + " observer.relay.backoff-initial " + relay.backoffInitial() + "; it must be at least as long");
        }
        atLeast(problems, "observer.relay.dedupe-capacity", relay.dedupeCapacity(), 1, Integer.MAX_VALUE);
        atLeast(problems, "observer.relay.demand-batch", relay.demandBatch(), 1, Integer.MAX_VALUE);
        notNegative(problems, "observer.relay.keep-alive", relay.keepAlive());
    }

    private static void file(List<String> problems, ObserverConfig.File file) {
        double speed = file.speed();
        if (!(speed > 0) || Double.isInfinite(speed)) {
            problems.add("observer.file.speed: " + speed + " is not allowed; it must be a finite number above 0"
                    + " (1.0 = the captured pace, 10 = ten times faster)");
        }
        positive(problems, "observer.file.poll-interval", file.pollInterval());
        atLeast(problems, "observer.file.max-line-bytes", file.maxLineBytes(), MIN_LINE_BYTES, MAX_LINE_BYTES);
        try {
            FileSystems.getDefault().getPathMatcher("glob:" + file.glob());
        } catch (IllegalArgumentException e) {
            // PatternSyntaxException is one
            problems.add("observer.file.glob: '" + file.glob() + "' is not a glob (" + e.getMessage().lines()
                    .findFirst().orElse("") + "); e.g. '*.json' or 'events*.log'");
        }
    }

    private static void positive(List<String> problems, String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            problems.add(name + ": " + value + " is not allowed; it must be longer than 0s");
        }
    }

    private static void notNegative(List<String> problems, String name, Duration value) {
        if (value.isNegative()) {
            problems.add(name + ": " + value + " is not allowed; it must be 0s or longer");
        }
    }

    private static void atLeast(List<String> problems, String name, int value, int min, int max) {
        if (value < min || value > max) {
            problems.add(name + ": " + value + " is not allowed; it must be between " + min + " and " + max);
        }
    }
}
