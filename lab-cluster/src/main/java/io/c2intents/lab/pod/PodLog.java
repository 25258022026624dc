package io.c2intents.lab.pod;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * What a pod's programs print, as {@code kubectl logs} shows it: a bounded buffer of lines (the oldest are dropped,
 * as the kubelet rotates logs), each with the lab time it was written. Served at {@code pods/{name}/log}.
 */
public final class PodLog {

    /** Lines kept per pod by default. */
    public static final int DEFAULT_CAPACITY = 10_000;

    private final int capacity;
    private final ArrayDeque<Line> lines = new ArrayDeque<>();
    private final StringBuilder partial = new StringBuilder();
    private Instant partialTime;

    public PodLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a log keeps at least one line");
        }
        this.capacity = capacity;
    }

    /** One line of output. */
    public record Line(Instant time, String text) {
    }

    /** Appends program output; text without a final newline waits for the rest of its line. */
    public synchronized void append(Instant time, String text) {
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                if (partial.length() == 0) {
                    add(new Line(time, text.substring(start, i)));
                } else {
                    partial.append(text, start, i);
                    add(new Line(partialTime, partial.toString()));
                    partial.setLength(0);
                }
                start = i + 1;
            }
        }
        if (start < text.length()) {
            if (partial.length() == 0) {
                partialTime = time;
            }
            partial.append(text, start, text.length());
        }
    }

    /** The complete lines, oldest first. */
    public synchronized List<Line> lines() {
        return new ArrayList<>(lines);
    }

    /**
     * The log as the API serves it.
     *
     * @param tailLines only the last lines, or null for all
     * @param timestamps prefix each line with its RFC 3339 time, as {@code kubectl logs --timestamps}
     * @param since only lines written at or after this time, or null
     * @param limitBytes at most this many bytes, or null
     */
    public synchronized String render(Integer tailLines, boolean timestamps, Instant since, Long limitBytes) {
        List<Line> selected = new ArrayList<>(lines);
        if (partial.length() > 0) {
            selected.add(new Line(partialTime, partial.toString()));
        }
        if (since != null) {
            selected.removeIf(line -> line.time().isBefore(since));
        }
        if (tailLines != null && tailLines >= 0 && selected.size() > tailLines) {
            selected = selected.subList(selected.size() - tailLines, selected.size());
        }
        StringBuilder out = new StringBuilder();
        for (Line line : selected) {
            if (timestamps) {
                out.append(DateTimeFormatter.ISO_INSTANT.format(line.time())).append(' ');
            }
            out.append(line.text()).append('\n');
        }
        if (limitBytes != null && limitBytes >= 0 && out.length() > limitBytes) {
            out.setLength((int) Math.min(Integer.MAX_VALUE, limitBytes));
        }
        return out.toString();
    }

    private void add(Line line) {
        lines.addLast(line);
        while (lines.size() > capacity) {
            lines.removeFirst();
        }
    }
}
