package io.c2intents.lab.vfs;

import io.c2intents.lab.clock.LabClock;
import io.c2intents.lab.vfs.VfsException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One pod's own file tree, in memory. Nothing here touches the host. Files and directories keep mtimes from the
 * {@link LabClock} with the semantics busybox crond relies on: writing or appending to an existing file changes the
 * file's mtime only; creating, removing or renaming an entry changes its directory's mtime; replacing a file (the way
 * {@code sed -i} does, write a temporary file then rename it over) gives it a new inode and changes the directory's
 * mtime. Thread-safe: exec sessions and the datapath's crond use it concurrently.
 */
public final class VirtualFileSystem {

    private final LabClock clock;
    private final AtomicLong inodes = new AtomicLong(1);
    private final Dir root;

    public VirtualFileSystem(LabClock clock) {
        this.clock = clock;
        this.root = new Dir(inodes.getAndIncrement(), clock.now());
    }

    /** The clock stamping this tree's mtimes. */
    public LabClock clock() {
        return clock;
    }

    /** Normalises {@code path} against {@code cwd}: resolves ".", ".." and repeated slashes. */
    public static String normalize(String cwd, String path) {
        String full = path.startsWith("/") ? path : (cwd.endsWith("/") ? cwd : cwd + "/") + path;
        Deque<String> parts = new ArrayDeque<>();
        for (String part : full.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(part);
            }
        }
        return "/" + String.join("/", parts);
    }

    /** The entry at {@code path}, if any. */
    public synchronized Optional<FileStat> stat(String path) {
        String normal = normalize("/", path);
        Node node = find(normal);
        if (node == null) {
            return Optional.empty();
        }
        long size = node instanceof File file ? file.content.length : 0;
        return Optional.of(new FileStat(normal, node instanceof Dir, size, node.mtime, node.inode));
    }

    /** Whether a regular file exists at {@code path}. */
    public boolean isFile(String path) {
        return stat(path).map(s -> !s.directory()).orElse(false);
    }

    /** Whether a directory exists at {@code path}. */
    public boolean isDirectory(String path) {
        return stat(path).map(FileStat::directory).orElse(false);
    }

    /** The text of the file at {@code path}. */
    public synchronized String read(String path) throws VfsException {
        return new String(file(path).content, StandardCharsets.UTF_8);
    }

    /** Writes {@code text} to {@code path}, truncating it if it exists (same inode) or creating it. */
    public synchronized void write(String path, String text) throws VfsException {
        put(path, text.getBytes(StandardCharsets.UTF_8), false);
    }

    /** Appends {@code text} to {@code path}, creating it if needed. */
    public synchronized void append(String path, String text) throws VfsException {
        put(path, text.getBytes(StandardCharsets.UTF_8), true);
    }

    /**
     * Replaces the file at {@code path} with a new one holding {@code text}: a new inode, and the directory's mtime
     * changes, as when a temporary file is renamed over it ({@code sed -i}, editors, {@code crontab}).
     */
    public synchronized void replace(String path, String text) throws VfsException {
        String normal = normalize("/", path);
        Dir parent = parentOf(normal);
        String name = nameOf(normal);
        Node existing = parent.entries.get(name);
        if (existing instanceof Dir) {
            throw new VfsException(Reason.IS_DIRECTORY, normal);
        }
        Instant now = clock.now();
        parent.entries.put(name, new File(inodes.getAndIncrement(), now, text.getBytes(StandardCharsets.UTF_8)));
        parent.mtime = now;
    }

    /** Creates an empty file, or updates the mtime of an existing entry. */
    public synchronized void touch(String path) throws VfsException {
        String normal = normalize("/", path);
        Node node = find(normal);
        if (node != null) {
            node.mtime = clock.now();
            return;
        }
        put(normal, new byte[0], true);
    }

    /** Removes a file, or a directory when {@code recursive} (or when it is empty). */
    public synchronized void remove(String path, boolean recursive) throws VfsException {
        String normal = normalize("/", path);
        if (normal.equals("/")) {
            throw new VfsException(Reason.INVALID, normal);
        }
        Dir parent = parentOf(normal);
        String name = nameOf(normal);
        Node node = parent.entries.get(name);
        if (node == null) {
            throw new VfsException(Reason.NOT_FOUND, normal);
        }
        if (node instanceof Dir dir && !recursive) {
            throw new VfsException(dir.entries.isEmpty() ? Reason.IS_DIRECTORY : Reason.NOT_EMPTY, normal);
        }
        parent.entries.remove(name);
        parent.mtime = clock.now();
    }

    /** Creates a directory; with {@code parents}, also its missing parents and no error if it exists. */
    public synchronized void mkdir(String path, boolean parents) throws VfsException {
        String normal = normalize("/", path);
        if (normal.equals("/")) {
            if (parents) {
                return;
            }
            throw new VfsException(Reason.EXISTS, normal);
        }
        Dir current = root;
        String[] parts = normal.substring(1).split("/");
        StringBuilder walked = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            walked.append('/').append(parts[i]);
            Node next = current.entries.get(parts[i]);
            boolean last = i == parts.length - 1;
            if (next == null) {
                if (!last && !parents) {
                    throw new VfsException(Reason.NOT_FOUND, walked.toString());
                }
                Instant now = clock.now();
                Dir created = new Dir(inodes.getAndIncrement(), now);
                current.entries.put(parts[i], created);
                current.mtime = now;
                next = created;
            } else if (last && !parents) {
                throw new VfsException(Reason.EXISTS, normal);
            }
            if (!(next instanceof Dir dir)) {
                throw new VfsException(Reason.NOT_DIRECTORY, walked.toString());
            }
            current = dir;
        }
    }

    /** Renames {@code from} to {@code to} (into {@code to} when it is a directory); both directories' mtimes change. */
    public synchronized void rename(String from, String to) throws VfsException {
        String source = normalize("/", from);
        String target = normalize("/", to);
        Dir sourceParent = parentOf(source);
        Node node = sourceParent.entries.get(nameOf(source));
        if (node == null) {
            throw new VfsException(Reason.NOT_FOUND, source);
        }
        if (find(target) instanceof Dir) {
            target = target.equals("/") ? "/" + nameOf(source) : target + "/" + nameOf(source);
        }
        Dir targetParent = parentOf(target);
        Node replaced = targetParent.entries.get(nameOf(target));
        if (replaced instanceof Dir && !(node instanceof Dir)) {
            throw new VfsException(Reason.IS_DIRECTORY, target);
        }
        Instant now = clock.now();
        sourceParent.entries.remove(nameOf(source));
        targetParent.entries.put(nameOf(target), node);
        sourceParent.mtime = now;
        targetParent.mtime = now;
    }

    /** The names in a directory, sorted. */
    public synchronized List<String> list(String path) throws VfsException {
        String normal = normalize("/", path);
        Node node = find(normal);
        if (node == null) {
            throw new VfsException(Reason.NOT_FOUND, normal);
        }
        if (!(node instanceof Dir dir)) {
            throw new VfsException(Reason.NOT_DIRECTORY, normal);
        }
        return new ArrayList<>(dir.entries.keySet());
    }

    private void put(String path, byte[] content, boolean append) throws VfsException {
        String normal = normalize("/", path);
        Dir parent = parentOf(normal);
        String name = nameOf(normal);
        Node existing = parent.entries.get(name);
        Instant now = clock.now();
        if (existing instanceof Dir) {
            throw new VfsException(Reason.IS_DIRECTORY, normal);
        }
        if (existing instanceof File file) {
            if (append) {
                byte[] joined = new byte[file.content.length + content.length];
                System.arraycopy(file.content, 0, joined, 0, file.content.length);
                System.arraycopy(content, 0, joined, file.content.length, content.length);
                file.content = joined;
            } else {
                file.content = content;
            }
            file.mtime = now;
            return;
        }
        parent.entries.put(name, new File(inodes.getAndIncrement(), now, content));
        parent.mtime = now;
    }

    private File file(String path) throws VfsException {
        String normal = normalize("/", path);
        Node node = find(normal);
        if (node == null) {
            parentOf(normal);
            throw new VfsException(Reason.NOT_FOUND, normal);
        }
        if (node instanceof Dir) {
            throw new VfsException(Reason.IS_DIRECTORY, normal);
        }
        return (File) node;
    }

    private Node find(String normal) {
        if (normal.equals("/")) {
            return root;
        }
        Node current = root;
        for (String part : normal.substring(1).split("/")) {
            if (!(current instanceof Dir dir)) {
                return null;
            }
            current = dir.entries.get(part);
            if (current == null) {
                return null;
            }
        }
        return current;
    }

    private Dir parentOf(String normal) throws VfsException {
        int slash = normal.lastIndexOf('/');
        String parentPath = slash <= 0 ? "/" : normal.substring(0, slash);
        Node parent = find(parentPath);
        if (parent == null) {
            throw new VfsException(Reason.NOT_FOUND, normal);
        }
        if (!(parent instanceof Dir dir)) {
            throw new VfsException(Reason.NOT_DIRECTORY, normal);
        }
        return dir;
    }

    private static String nameOf(String normal) {
        return normal.substring(normal.lastIndexOf('/') + 1);
    }

    private abstract static sealed class Node permits File, Dir {
        final long inode;
        Instant mtime;

        Node(long inode, Instant mtime) {
            this.inode = inode;
            this.mtime = mtime;
        }
    }

    private static final class File extends Node {
        byte[] content;

        File(long inode, Instant mtime, byte[] content) {
            super(inode, mtime);
            this.content = content;
        }
    }

    private static final class Dir extends Node {
        final TreeMap<String, Node> entries = new TreeMap<>();

        Dir(long inode, Instant mtime) {
            super(inode, mtime);
        }
    }
}
