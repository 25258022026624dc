package io.c2intents.observer.source;

/**
 * One flow ready for {@code hubble-flows}.
 *
 * @param key       the pod end of the flow ({@code namespace/pod}, or an IP)
 * @param value     Hubble JSON, one line: the line as read from a file, or protojson of a Relay response
 * @param timeNanos flow time in epoch nanoseconds
 * @param origin    where it came from ({@code file:line}, {@code relay}), for logs
 */
public record FlowRecord(String key, String value, long timeNanos, String origin) {
}
