package io.c2intents.observer.source;

/** Whether a flow source is connected to its input, and a sentence saying what it is doing. */
public record SourceStatus(boolean up, String detail) {

    public static SourceStatus up(String detail) {
        return new SourceStatus(true, detail);
    }

    public static SourceStatus down(String detail) {
        return new SourceStatus(false, detail);
    }
}
