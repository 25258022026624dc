package io.c2intents.mitigation.planner;

import io.c2intents.events.SecurityIntent;
import java.util.List;
import java.util.Optional;

/**
 * What the planner chose for one alert under one intent.
 *
 * @param intent the intent, as declared when the plan was made
 * @param goal what it wants achieved
 * @param containment the containment technique, or null when the goal needs none
 * @param eradication eradication techniques, cheapest first: the first is applied, the others are the escalations
 *                    tried in turn when C2 comes back
 * @param reason why, in plain words: the choices, their costs, what was left out
 */
public record IncidentPlan(SecurityIntent intent, Goal goal, TechniqueOption containment,
        List<TechniqueOption> eradication, String reason) {

    public IncidentPlan {
        eradication = List.copyOf(eradication);
    }

    /** The eradication technique at a level (0 = first choice), if the plan has that many. */
    public Optional<TechniqueOption> eradication(int level) {
        return level >= 0 && level < eradication.size() ? Optional.of(eradication.get(level)) : Optional.empty();
    }

    /** The step the plan starts with (for the PLANNED event's action and technique). */
    public TechniqueOption first() {
        return containment != null ? containment : eradication.get(0);
    }

    /** Whether an action address plays the plan's containment. */
    public boolean isContainment(String action) {
        return containment != null && containment.action().equals(action);
    }

    /** The level of an eradication action in the plan, or -1. */
    public int levelOf(String action) {
        for (int i = 0; i < eradication.size(); i++) {
            if (eradication.get(i).action().equals(action)) {
                return i;
            }
        }
        return -1;
    }
}
