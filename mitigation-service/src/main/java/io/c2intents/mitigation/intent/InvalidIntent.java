package io.c2intents.mitigation.intent;

/** A declared intent that cannot be used: unknown technique, invalid parameters, a goal its techniques cannot meet. */
public class InvalidIntent extends RuntimeException {

    public InvalidIntent(String message) {
        super(message);
    }
}
