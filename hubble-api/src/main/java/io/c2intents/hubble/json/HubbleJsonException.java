package io.c2intents.hubble.json;

/**
 * A line that is not Hubble JSON: not JSON at all, truncated, not an object, or a value of the wrong type. The
 * message says what was expected, so it can be logged as it is next to the file name and line number.
 */
public class HubbleJsonException extends RuntimeException {

    public HubbleJsonException(String message) {
        super(message);
    }

    public HubbleJsonException(String message, Throwable cause) {
        super(message, cause);
    }
}
