package io.c2intents.observer.source;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Cuts a byte stream into lines at {@code \n}, numbering them from 1. A line longer than the limit is reported as
 * too long (its bytes are not kept), so one runaway line cannot exhaust memory. The bytes after the last
 * {@code \n} stay pending until more arrive or {@link #flush} says the input ended.
 */
final class LineSplitter {

    /** Receives each line, without its {@code \n}. */
    interface Lines {
        void line(long number, String text) throws InterruptedException;

        void tooLong(long number, long bytes) throws InterruptedException;
    }

    private final int maxLineBytes;
    private byte[] buffer = new byte[8192];
    private int length;
    private long dropped;
    private long lineNumber;

    LineSplitter(int maxLineBytes) {
        this.maxLineBytes = maxLineBytes;
    }

    void feed(byte[] data, int offset, int count, Lines lines) throws InterruptedException {
        int end = offset + count;
        int start = offset;
        for (int i = offset; i < end; i++) {
            if (data[i] == '\n') {
                append(data, start, i - start);
                complete(lines);
                start = i + 1;
            }
        }
        append(data, start, end - start);
    }

    /** The input ended: a last line without {@code \n} is a line too. */
    void flush(Lines lines) throws InterruptedException {
        if (length > 0 || dropped > 0) {
            complete(lines);
        }
    }

    /** Starts over (file truncated in place): pending bytes are dropped and numbering restarts. */
    void reset() {
        length = 0;
        dropped = 0;
        lineNumber = 0;
    }

    long linesSeen() {
        return lineNumber;
    }

    private void append(byte[] data, int from, int count) {
        if (count == 0) {
            return;
        }
        if (dropped > 0 || length + count > maxLineBytes) {
            dropped += length + count;
            length = 0;
            return;
        }
        if (length + count > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.min(maxLineBytes, Math.max(buffer.length * 2, length + count)));
        }
        System.arraycopy(data, from, buffer, length, count);
        length += count;
    }

    private void complete(Lines lines) throws InterruptedException {
        lineNumber++;
        if (dropped > 0) {
            long bytes = dropped;
            dropped = 0;
            length = 0;
            lines.tooLong(lineNumber, bytes);
            return;
        }
        String text = new String(buffer, 0, length, StandardCharsets.UTF_8);
        length = 0;
        if (buffer.length > 1 << 20) {
            buffer = new byte[8192];
        }
        lines.line(lineNumber, text);
    }
}
