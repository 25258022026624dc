package io.c2intents.observer.source;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The observer following a directory the test writes Hubble JSON files into. */
public class FileSourceProfile implements QuarkusTestProfile {

    /** The followed directory, outside the project; one per test JVM. */
    public static final Path DIR = tempDir();

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("observer-file-source-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "observer.source", "file",
                "observer.file.path", DIR.toString(),
                "observer.file.follow", "true",
                "observer.file.poll-interval", "50ms");
    }
}
