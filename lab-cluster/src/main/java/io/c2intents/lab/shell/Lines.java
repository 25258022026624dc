package io.c2intents.lab.shell;

import java.util.ArrayList;
import java.util.List;

/** Splits text into lines the way line-oriented tools read it: a final newline does not start an empty line. */
final class Lines {

    private Lines() {
    }

    static List<String> split(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                lines.add(text.substring(start, i));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }
}
