package io.c2intents.lab.datapath;

import io.c2intents.lab.clock.LabClock;
import io.c2intents.lab.pod.PodLog;
import io.c2intents.lab.vfs.VfsException;
import io.c2intents.lab.vfs.VirtualFileSystem;

/** Where a program's standard output or error goes: the pod log, a file in the pod, or nowhere. */
@FunctionalInterface
interface Output {

    Output NULL = text -> { };

    void write(String text);

    /** PID 1's output: what {@code kubectl logs} shows, stamped with lab time. */
    static Output podLog(PodLog log, LabClock clock) {
        return text -> log.append(clock.now(), text);
    }

    /** A file opened for appending ({@code >>}, or {@code >} after truncation). */
    static Output file(VirtualFileSystem fs, String path) {
        return text -> {
            try {
                fs.append(path, text);
            } catch (VfsException e) {
                // the file went away under the program (rm): like a write to an unlinked file, nothing shows
            }
        };
    }
}
