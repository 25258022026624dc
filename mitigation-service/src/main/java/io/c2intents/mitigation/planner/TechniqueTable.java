package io.c2intents.mitigation.planner;

import io.c2intents.mitigation.action.ActionDescriptor;
import io.c2intents.mitigation.action.ActionRegistry;
import io.c2intents.mitigation.action.Cost;
import io.c2intents.mitigation.action.D3fendTechnique;
import io.c2intents.mitigation.action.MitigationAction;
import io.c2intents.mitigation.action.cilium.QuarantineAction;
import io.c2intents.mitigation.action.cilium.QuarantineScope;
import io.c2intents.mitigation.action.node.DrainNodeAction;
import io.c2intents.mitigation.action.pod.EvictFileAction;
import io.c2intents.mitigation.action.pod.TerminatePodAction;
import io.c2intents.mitigation.action.workload.DeleteWorkloadAction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The techniques an intent may name, each resolved to a registry action. What a technique counters and costs comes
 * from the action's own descriptor; the registry does not say which role an action plays for a goal, so that is
 * kept here, keyed by action address. D3-OTF (Outbound Traffic Filtering, under D3-NTF) has no action of its own: it
 * is {@code cilium:quarantine} with {@code scope: destination}, which leaves every other flow alone, hence its lower
 * availability cost.
 */
@ApplicationScoped
public class TechniqueTable {

    /** The role of each action, by address: what the registry's descriptors do not carry. */
    static final Map<String, Role> ROLES = Map.of(
            QuarantineAction.ADDRESS, Role.CONTAIN,
            EvictFileAction.ADDRESS, Role.ERADICATE,
            TerminatePodAction.ADDRESS, Role.ERADICATE,
            DeleteWorkloadAction.ADDRESS, Role.ERADICATE,
            DrainNodeAction.ADDRESS, Role.ERADICATE);

    /** Outbound Traffic Filtering: a narrower Network Traffic Filtering. */
    public static final String OUTBOUND_TRAFFIC_FILTERING = "D3-OTF";

    private final Map<String, TechniqueOption> byId = new LinkedHashMap<>();

    public TechniqueTable(ActionRegistry registry) {
        for (MitigationAction action : registry.all()) {
            ActionDescriptor d = action.descriptor();
            Role role = ROLES.get(d.address());
            if (role == null) {
                // an action added to the registry without a role is reachable by request, not by intent
                continue;
            }
            Map<String, String> parameters = d.address().equals(QuarantineAction.ADDRESS)
                    ? Map.of(QuarantineAction.SCOPE, QuarantineScope.ALL.parameter())
                    : Map.of();
            byId.put(d.technique().id(), new TechniqueOption(d.technique().id(), d.technique().displayName(),
                    d.address(), parameters, role, d.effectiveAgainst(), d.cost()));
        }
        TechniqueOption ntf = byId.get(D3fendTechnique.NETWORK_TRAFFIC_FILTERING.id());
        if (ntf != null) {
            byId.put(OUTBOUND_TRAFFIC_FILTERING, new TechniqueOption(OUTBOUND_TRAFFIC_FILTERING,
                    "Outbound Traffic Filtering", ntf.action(),
                    Map.of(QuarantineAction.SCOPE, QuarantineScope.DESTINATION.parameter()), Role.CONTAIN,
                    ntf.effectiveAgainst(), new Cost(Cost.AvailabilityImpact.NONE, Cost.Reversibility.REVERSIBLE)));
        }
    }

    public Optional<TechniqueOption> find(String techniqueId) {
        return Optional.ofNullable(byId.get(techniqueId));
    }

    /** Every technique an intent may name, in a stable order. */
    public List<TechniqueOption> all() {
        return List.copyOf(byId.values());
    }

    /** The role of an action address, or empty for an action no intent uses. */
    public static Optional<Role> roleOf(String action) {
        return Optional.ofNullable(action == null ? null : ROLES.get(action));
    }
}
