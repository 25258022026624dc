package io.c2intents.lab.shell;

/** A command line the lab's shell cannot parse; the message is what {@code sh} prints after "syntax error: ". */
public final class ShellSyntaxException extends Exception {

    public ShellSyntaxException(String message) {
        super(message);
    }
}
