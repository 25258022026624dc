package io.c2intents.mitigation.planner;

import io.c2intents.mitigation.action.Cost;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One D3FEND technique as the planner sees it: the registry action that carries it out with the parameters that make
 * it that technique, its role, what it is effective against and what it costs.
 *
 * @param techniqueId D3FEND id as intents name it, e.g. {@code D3-NTF}
 * @param techniqueName D3FEND name
 * @param action registry address, e.g. {@code cilium:quarantine}
 * @param parameters parameters fixed by the technique (e.g. {@code scope: destination} for D3-OTF)
 * @param role contain or eradicate
 * @param effectiveAgainst ATT&amp;CK technique ids it counters
 * @param cost availability impact and reversibility
 */
public record TechniqueOption(String techniqueId, String techniqueName, String action, Map<String, String> parameters,
        Role role, List<String> effectiveAgainst, Cost cost) {

    public TechniqueOption {
        parameters = Map.copyOf(parameters);
        effectiveAgainst = List.copyOf(effectiveAgainst);
    }

    /**
     * Whether it counters an ATT&amp;CK technique: the same id, or the parent of a sub-technique it names
     * ({@code T1053} counters {@code T1053.003}). Nothing known counts as effective only when nothing is asked.
     */
    public boolean counters(String attackTechnique) {
        if (attackTechnique == null || attackTechnique.isEmpty()) {
            return true;
        }
        return effectiveAgainst.stream().anyMatch(e -> e.equals(attackTechnique)
                || attackTechnique.startsWith(e + "."));
    }

    /** E.g. {@code D3-NTF Network Traffic Filtering (cilium:quarantine; availability medium, reversible)}. */
    public String describe() {
        return techniqueId + " " + techniqueName + " (" + action + "; " + costText() + ")";
    }

    public String costText() {
        return "availability " + cost.availabilityImpact().name().toLowerCase(Locale.ROOT) + ", "
                + cost.reversibility().name().toLowerCase(Locale.ROOT);
    }
}
