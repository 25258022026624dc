package io.c2intents.observer.source;

/**
 * Turns text lines into Hubble JSON records. It cleans what editors and other tools add (a byte-order mark, a
 * {@code \r} before the {@code \n}, surrounding blanks), skips blank lines, and joins a pretty-printed object
 * ({@code hubble observe -o json | jq} writes one over many lines, opening with a lone <code>{</code>) into one
 * compact line. Only a lone <code>{</code> starts such an object, so a truncated one-line record stays one bad
 * line and cannot swallow the good lines after it.
 */
final class LineAssembler {

    /** What the assembler hands on. */
    interface Records {
        /** A candidate record: one line, or a joined pretty-printed object spanning {@code firstLine..lastLine}. */
        void record(String text, long firstLine, long lastLine) throws InterruptedException;

        /** Lines that cannot be a record; {@code reason} names the expected format. */
        void error(long firstLine, long lastLine, String reason) throws InterruptedException;
    }

    private final int maxObjectChars;
    private StringBuilder pending;
    private long pendingFirstLine;
    private long pendingLastLine;
    private int depth;
    private boolean inString;
    private boolean escaped;

    LineAssembler(int maxObjectChars) {
        this.maxObjectChars = maxObjectChars;
    }

    void line(long number, String raw, Records out) throws InterruptedException {
        String text = clean(raw);
        if (pending != null) {
            if (text.startsWith("{\"")) {
                abandonPending(out, "a pretty-printed object that was never closed (a new one-line record starts at "
                        + "line " + number + ")");
            } else {
                continuePending(number, text, out);
                return;
            }
        }
        if (text.isEmpty()) {
            return;
        }
        if (text.equals("{")) {
            pending = new StringBuilder(4096).append('{');
            pendingFirstLine = number;
            pendingLastLine = number;
            depth = 1;
            inString = false;
            escaped = false;
            return;
        }
        out.record(text, number, number);
    }

    /** The input ended (end of file, rotation): an object still open is an error. */
    void end(Records out) throws InterruptedException {
        if (pending != null) {
            abandonPending(out, "a pretty-printed object that was never closed (input ended)");
        }
    }

    private void continuePending(long number, String text, Records out) throws InterruptedException {
        pendingLastLine = number;
        appendCompact(text);
        if (pending.length() > maxObjectChars) {
            abandonPending(out, "a multi-line object longer than " + maxObjectChars + " characters");
            return;
        }
        if (depth == 0) {
            String record = pending.toString();
            long first = pendingFirstLine;
            pending = null;
            out.record(record, first, number);
        }
    }

    private void abandonPending(Records out, String what) throws InterruptedException {
        long first = pendingFirstLine;
        long last = pendingLastLine;
        pending = null;
        out.error(first, last, what + "; expected one JSON object per line as `hubble observe -o json` writes it");
    }

    /** Appends the line without the blanks outside strings, tracking brace depth. */
    private void appendCompact(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                pending.append(c);
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            switch (c) {
                case ' ', '\t', '\r', '\n' -> {
                }
                case '"' -> {
                    inString = true;
                    pending.append(c);
                }
                case '{', '[' -> {
                    depth++;
                    pending.append(c);
                }
                case '}', ']' -> {
                    depth--;
                    pending.append(c);
                }
                default -> pending.append(c);
            }
        }
    }

    static String clean(String raw) {
        int start = 0;
        int end = raw.length();
        while (start < end && (raw.charAt(start) == '\uFEFF' || Character.isWhitespace(raw.charAt(start)))) {
            start++;
        }
        while (end > start && Character.isWhitespace(raw.charAt(end - 1))) {
            end--;
        }
        return start == 0 && end == raw.length() ? raw : raw.substring(start, end);
    }
}
