package io.c2intents.mitigation.action;

/**
 * A request that cannot be carried out as written: unknown action, parameters that do not meet their declaration,
 * a target the action does not take. Answered REJECTED, and the record goes to the dead-letter topic.
 */
public class InvalidRequest extends RuntimeException {

    public InvalidRequest(String message) {
        super(message);
    }
}
