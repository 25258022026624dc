package io.c2intents.lab.api;

/** The lab's own call to its API store was refused; {@link #code()} is the HTTP status. */
public final class ApiException extends RuntimeException {

    private final int code;

    public ApiException(int code, String message) {
        super(message);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
