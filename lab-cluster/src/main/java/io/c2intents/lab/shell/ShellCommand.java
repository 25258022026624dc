package io.c2intents.lab.shell;

/**
 * One program of the lab's container image ({@code cat}, {@code sed}, {@code crontab}, ...), run against the pod's
 * virtual file system. Implementations never touch the host.
 */
@FunctionalInterface
public interface ShellCommand {

    /** Runs the command; returns its exit code. */
    int run(Shell.Invocation invocation);
}
