package io.c2intents.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * The real public material beside the project ({@code ../shared/data}: Cilium CRDs, Hubble captures, Cilium
 * policies, STIX). The root POM passes its path as the system property {@code shared.data.dir}.
 */
public final class SharedData {

    public static final String PROPERTY = "shared.data.dir";

    private SharedData() {
    }

    /** The folder, if it exists. */
    public static Optional<Path> dir() {
        String value = System.getProperty(PROPERTY);
        Path dir = value == null ? Path.of("..", "..", "shared", "data") : Path.of(value);
        return Files.isDirectory(dir) ? Optional.of(dir.toAbsolutePath().normalize()) : Optional.empty();
    }

    /**
     * The folder, or skips the calling test with a message saying what is missing.
     *
     * @param relative a path under the folder that the test reads, e.g. {@code hubble-flows}
     */
    public static Path require(String relative) {
        Optional<Path> dir = dir();
        Assumptions.assumeTrue(dir.isPresent(), () -> "skipped: ../shared/data not found (system property "
                + PROPERTY + "=" + System.getProperty(PROPERTY) + "); it holds the real captures and CRDs");
        Path path = dir.get().resolve(relative);
        Assumptions.assumeTrue(Files.exists(path), () -> "skipped: " + path + " not found in ../shared/data");
        return path;
    }
}
