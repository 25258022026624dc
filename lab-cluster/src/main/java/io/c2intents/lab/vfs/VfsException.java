package io.c2intents.lab.vfs;

/** A file operation that a real filesystem would refuse; {@link #reason()} is the errno text a shell prints. */
public final class VfsException extends Exception {

    /** Why an operation failed, with the text busybox prints for it. */
    public enum Reason {
        NOT_FOUND("No such file or directory"),
        IS_DIRECTORY("Is a directory"),
        NOT_DIRECTORY("Not a directory"),
        EXISTS("File exists"),
        NOT_EMPTY("Directory not empty"),
        INVALID("Invalid argument");

        private final String text;

        Reason(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    private final Reason reason;
    private final String path;

    public VfsException(Reason reason, String path) {
        super(path + ": " + reason.text());
        this.reason = reason;
        this.path = path;
    }

    public Reason reason() {
        return reason;
    }

    public String path() {
        return path;
    }
}
