package io.c2intents.mitigation.planner;

import io.c2intents.events.SecurityIntent;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Picks, among the techniques an intent allows, the cheapest plan that meets its goal against the alert's ATT&amp;CK
 * technique: the cheapest effective containment, and the effective eradications cheapest first (the first is
 * applied, the rest are escalations). Cheaper means lower {@link io.c2intents.mitigation.action.Cost#rank()}
 * (availability first, then reversibility); a tie goes to the technique the intent lists first. Pure: no cluster,
 * no Kafka.
 */
@ApplicationScoped
public class Planner {

    private final TechniqueTable techniques;

    public Planner(TechniqueTable techniques) {
        this.techniques = techniques;
    }

    /**
     * Plans an incident.
     *
     * @param attackTechnique the alert's ATT&amp;CK id (null: any technique counts as effective)
     * @throws NoPlan when the goal cannot be met, saying what is missing
     */
    public IncidentPlan plan(SecurityIntent intent, String attackTechnique) {
        Goal goal = Goal.of(intent.goal()).orElseThrow(() -> new NoPlan("intent " + intent.name()
                + ": unknown goal '" + intent.goal() + "' (known: " + Goal.known() + ")"));
        List<TechniqueOption> allowed = new ArrayList<>();
        for (String id : intent.techniques()) {
            allowed.add(techniques.find(id).orElseThrow(() -> new NoPlan("intent " + intent.name()
                    + ": unknown technique '" + id + "'")));
        }
        Comparator<TechniqueOption> cheapestFirst = Comparator
                .comparingInt((TechniqueOption t) -> t.cost().rank())
                .thenComparingInt(allowed::indexOf);
        List<String> leftOut = new ArrayList<>();
        List<TechniqueOption> containments = new ArrayList<>();
        List<TechniqueOption> eradications = new ArrayList<>();
        for (TechniqueOption t : allowed) {
            if (!t.counters(attackTechnique)) {
                leftOut.add(t.techniqueId() + " (not effective against " + attackTechnique + ")");
            } else if (t.role() == Role.CONTAIN) {
                containments.add(t);
            } else {
                eradications.add(t);
            }
        }
        containments.sort(cheapestFirst);
        eradications.sort(cheapestFirst);
        TechniqueOption containment = null;
        if (goal.contains()) {
            if (containments.isEmpty()) {
                throw new NoPlan("intent " + intent.name() + " (goal " + goal.text() + ") allows no containment"
                        + " technique effective against " + attackTechnique);
            }
            containment = containments.get(0);
            containments.subList(1, containments.size())
                    .forEach(t -> leftOut.add(t.techniqueId() + " (costlier containment: " + t.costText() + ")"));
        }
        if (goal.eradicates() && eradications.isEmpty()) {
            throw new NoPlan("intent " + intent.name() + " (goal " + goal.text() + ") allows no eradication"
                    + " technique effective against " + attackTechnique);
        }
        if (!goal.eradicates()) {
            eradications.forEach(t -> leftOut.add(t.techniqueId() + " (goal " + goal.text()
                    + " needs no eradication)"));
            eradications.clear();
        }
        return new IncidentPlan(intent, goal, containment, eradications,
                reason(intent, goal, attackTechnique, containment, eradications, leftOut));
    }

    private static String reason(SecurityIntent intent, Goal goal, String attackTechnique,
            TechniqueOption containment, List<TechniqueOption> eradications, List<String> leftOut) {
        StringBuilder why = new StringBuilder("cheapest plan for goal ").append(goal.text()).append(" against ")
                .append(attackTechnique == null ? "the alert" : attackTechnique).append(": ");
        List<String> parts = new ArrayList<>();
        if (containment != null) {
            parts.add("contain with " + containment.describe());
        }
        if (!eradications.isEmpty()) {
            parts.add("eradicate with " + eradications.get(0).describe());
            if (eradications.size() > 1) {
                parts.add("if C2 comes back escalate to " + String.join(", then ",
                        eradications.subList(1, eradications.size()).stream().map(TechniqueOption::describe)
                                .toList()));
            }
            parts.add("verify: no C2 attempt from the pod for " + intent.verificationWindow() + " of flow time");
            if (containment != null) {
                parts.add("then lift the containment");
            }
        }
        if (intent.duration() != null && containment != null) {
            parts.add("containment lifted after " + intent.duration() + " of flow time at the latest");
        }
        why.append(String.join("; ", parts));
        if (!leftOut.isEmpty()) {
            why.append("; not used: ").append(String.join(", ", leftOut));
        }
        return why.toString();
    }
}
