package io.c2intents.mitigation.action;

/** The action ran but did not reach its effect (e.g. the crontab still holds the entry when read back). FAILED. */
public class ActionFailed extends RuntimeException {

    public ActionFailed(String message) {
        super(message);
    }
}
