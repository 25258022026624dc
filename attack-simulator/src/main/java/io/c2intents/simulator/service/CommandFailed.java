package io.c2intents.simulator.service;

/** A valid command the cluster did not let finish; its message becomes the {@code failed} event's message. */
public class CommandFailed extends RuntimeException {

    public CommandFailed(String message) {
        super(message);
    }

    public CommandFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
