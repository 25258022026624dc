package io.c2intents.mitigation.action;

/**
 * What an action costs the workload it protects, so a planner can prefer the cheapest action that meets a goal.
 *
 * @param availabilityImpact how much of the service stops while the action holds
 * @param reversibility whether revert gives back what the action took
 */
public record Cost(AvailabilityImpact availabilityImpact, Reversibility reversibility) {

    /** How much availability an action takes away, cheapest first. */
    public enum AvailabilityImpact {
        /** Nothing the workload's users notice. */
        NONE,
        /** One replica restarts or loses traffic it should not have had. */
        LOW,
        /** One pod loses all its traffic. */
        MEDIUM,
        /** A whole workload or node stops serving. */
        HIGH
    }

    /** How completely revert undoes an action, most reversible first. */
    public enum Reversibility {
        /** Revert restores the state before the action. */
        REVERSIBLE,
        /** Revert restores the control (e.g. schedulability) but not what was removed (e.g. evicted pods). */
        PARTIAL,
        /** There is no revert. */
        IRREVERSIBLE
    }

    /** A single number to compare costs with: availability counts more than reversibility. */
    public int rank() {
        return availabilityImpact.ordinal() * 10 + reversibility.ordinal();
    }
}
