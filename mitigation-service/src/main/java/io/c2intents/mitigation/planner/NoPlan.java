package io.c2intents.mitigation.planner;

/** No plan meets an intent's goal for an alert (no allowed technique counters its ATT&amp;CK technique). */
public class NoPlan extends RuntimeException {

    public NoPlan(String message) {
        super(message);
    }
}
