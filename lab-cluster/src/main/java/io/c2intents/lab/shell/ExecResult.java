package io.c2intents.lab.shell;

/**
 * What a command run in a pod produced.
 *
 * @param exitCode 0 for success, 127 for a command the image does not have
 * @param stdout what it wrote to standard output
 * @param stderr what it wrote to standard error
 */
public record ExecResult(int exitCode, String stdout, String stderr) {
}
