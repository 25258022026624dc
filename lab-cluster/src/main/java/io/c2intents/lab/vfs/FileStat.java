package io.c2intents.lab.vfs;

import java.time.Instant;

/**
 * What {@code stat} says about one entry.
 *
 * @param path the normalised absolute path
 * @param directory whether it is a directory
 * @param size bytes of content (0 for a directory)
 * @param mtime last modification: content for a file, entries created/renamed/removed for a directory
 * @param inode the entry's identity; a file replaced by {@code sed -i} or a rename gets a new one
 */
public record FileStat(String path, boolean directory, long size, Instant mtime, long inode) {
}
