package io.c2intents.mitigation.planner;

import java.util.Arrays;
import java.util.Optional;

/** What an intent wants achieved; decides which roles a plan needs. */
public enum Goal {
    /** Isolate the pod until the intent's duration ends (or a person reverts it). */
    CONTAIN("contain", true, false),
    /** Remove the cause, verify, no isolation meanwhile. */
    ERADICATE("eradicate", false, true),
    /** Isolate, remove the cause, verify, then lift the isolation: the shipped default. */
    CONTAIN_AND_ERADICATE("contain-and-eradicate", true, true);

    private final String text;
    private final boolean contains;
    private final boolean eradicates;

    Goal(String text, boolean contains, boolean eradicates) {
        this.text = text;
        this.contains = contains;
        this.eradicates = eradicates;
    }

    public String text() {
        return text;
    }

    public boolean contains() {
        return contains;
    }

    public boolean eradicates() {
        return eradicates;
    }

    /** The goal an intent names; none named means contain-and-eradicate. */
    public static Optional<Goal> of(String text) {
        if (text == null || text.isBlank()) {
            return Optional.of(CONTAIN_AND_ERADICATE);
        }
        return Arrays.stream(values()).filter(g -> g.text.equals(text)).findFirst();
    }

    public static String known() {
        return String.join(", ", Arrays.stream(values()).map(Goal::text).toList());
    }
}
