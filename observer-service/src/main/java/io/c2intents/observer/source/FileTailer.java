package io.c2intents.observer.source;

import io.quarkus.logging.Log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads a Hubble JSON file, or every file of a directory oldest first, and with {@code follow} keeps reading as
 * they grow, like {@code tail -F}: when the followed file is rotated (renamed and a new one created, as the Hubble
 * exporter and logrotate do) it finishes the old one and goes on with the new one; a file truncated in place is
 * read again from its start. Files are recognised by their inode, so a rotated file is never read twice.
 */
final class FileTailer {

    /** What the tailer reports besides lines. */
    interface Listener extends LineSplitter.Lines {
        void opened(Path file) throws InterruptedException;

        void finished(Path file) throws InterruptedException;
    }

    private record Candidate(Path path, Object key, FileTime modified) {
    }

    private final Path path;
    private final PathMatcher glob;
    private final boolean follow;
    private final Duration pollInterval;
    private final int maxLineBytes;
    private final Set<Object> finished = new HashSet<>();
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);

    FileTailer(Path path, String glob, boolean follow, Duration pollInterval, int maxLineBytes) {
        this.path = path;
        this.glob = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        this.follow = follow;
        this.pollInterval = pollInterval;
        this.maxLineBytes = maxLineBytes;
    }

    /** Reads until the input ends (never, with follow) or the thread is interrupted. */
    void run(Listener listener) throws IOException, InterruptedException {
        boolean warnedMissing = false;
        while (true) {
            Candidate next = next(null);
            if (next == null) {
                if (!follow) {
                    if (!Files.exists(path)) {
                        throw new NoSuchFileException(path.toString(), null, "observer.file.path does not exist");
                    }
                    return;
                }
                if (!warnedMissing && !Files.exists(path)) {
                    Log.warnf("Waiting for %s to appear", path);
                    warnedMissing = true;
                }
                Thread.sleep(pollInterval.toMillis());
                continue;
            }
            tail(next, listener);
        }
    }

    /** Reads one file until it is complete: rotated away, or (without follow) at its end. */
    private void tail(Candidate file, Listener listener) throws IOException, InterruptedException {
        LineSplitter splitter = new LineSplitter(maxLineBytes);
        try (FileChannel channel = FileChannel.open(file.path(), StandardOpenOption.READ)) {
            listener.opened(file.path());
            long position = 0;
            while (true) {
                long read = readAvailable(channel, splitter, listener);
                position += read;
                if (read > 0) {
                    continue;
                }
                if (channel.size() < position) {
                    Log.warnf("%s was truncated; reading it again from the start", file.path());
                    channel.position(0);
                    position = 0;
                    splitter.reset();
                    continue;
                }
                Candidate newer = follow ? next(file.key()) : null;
                if (newer != null) {
                    // Lines written just before the rotation may have landed after our last read.
                    position += readAvailable(channel, splitter, listener);
                }
                if (newer != null || !follow) {
                    splitter.flush(listener);
                    finished.add(file.key());
                    listener.finished(file.path());
                    return;
                }
                Thread.sleep(pollInterval.toMillis());
            }
        }
    }

    private long readAvailable(FileChannel channel, LineSplitter splitter, LineSplitter.Lines lines)
            throws IOException, InterruptedException {
        long total = 0;
        while (true) {
            buffer.clear();
            int n = channel.read(buffer);
            if (n <= 0) {
                return total;
            }
            total += n;
            splitter.feed(buffer.array(), 0, n, lines);
        }
    }

    /** The oldest readable file not read yet and other than {@code current}, or null. */
    private Candidate next(Object current) throws IOException {
        List<Candidate> candidates = new ArrayList<>();
        if (Files.isDirectory(path)) {
            try (Stream<Path> files = Files.list(path)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    String name = file.getFileName().toString();
                    if (!name.startsWith(".") && glob.matches(file.getFileName())) {
                        candidate(file).ifPresent(candidates::add);
                    }
                }
            }
        } else {
            candidate(path).ifPresent(candidates::add);
        }
        // Forget files that are gone, so the set stays as small as the directory.
        Set<Object> present = new HashSet<>();
        candidates.forEach(c -> present.add(c.key()));
        finished.retainAll(present);
        return candidates.stream()
                .filter(c -> !finished.contains(c.key()) && !c.key().equals(current))
                .min(Comparator.comparing(Candidate::modified).thenComparing(c -> c.path().getFileName().toString()))
                .orElse(null);
    }

    private static java.util.Optional<Candidate> candidate(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                return java.util.Optional.empty();
            }
            Object key = attributes.fileKey() != null ? attributes.fileKey()
                    : file.toAbsolutePath() + "@" + attributes.creationTime();
            return java.util.Optional.of(new Candidate(file, key, attributes.lastModifiedTime()));
        } catch (IOException e) {
            // Rotated away between listing and reading: it shows up under its new name.
            return java.util.Optional.empty();
        }
    }
}
