package io.c2intents.hubble.json;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The real Hubble captures in shared/data/hubble-flows (read in place, never copied into the project). */
final class Captures {

    record Line(String file, int number, String text) {
        @Override
        public String toString() {
            return file + ":" + number;
        }
    }

    private Captures() {
    }

    /** The captures' directory; skips the calling test with a clear message where shared data is absent. */
    static Path dir() {
        String configured = System.getProperty("shared.data.dir");
        Path dir = configured == null ? null : Path.of(configured, "hubble-flows");
        Assumptions.assumeTrue(dir != null && Files.isDirectory(dir),
                "shared data not found (system property shared.data.dir=" + configured
                        + "): the Hubble capture tests need ../shared/data/hubble-flows");
        return dir;
    }

    static List<Path> files() {
        try (Stream<Path> files = Files.list(dir())) {
            return files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Line> lines() {
        List<Line> lines = new ArrayList<>();
        for (Path file : files()) {
            try {
                List<String> text = Files.readAllLines(file, StandardCharsets.UTF_8);
                for (int i = 0; i < text.size(); i++) {
                    if (!text.get(i).isBlank()) {
                        lines.add(new Line(file.getFileName().toString(), i + 1, text.get(i)));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return lines;
    }
}
