package io.c2intents.mitigation.action;

import io.quarkus.arc.All;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every action the service can run, by address. Actions are CDI beans: adding one is writing the class. The
 * registry refuses to start with two actions at one address or two for one technique, because a request naming
 * only a technique must find exactly one.
 */
@ApplicationScoped
public class ActionRegistry {

    private final Map<String, MitigationAction> byAddress = new LinkedHashMap<>();
    private final Map<D3fendTechnique, MitigationAction> byTechnique = new LinkedHashMap<>();

    public ActionRegistry(@All List<MitigationAction> actions) {
        actions.stream().sorted(Comparator.comparing(MitigationAction::address)).forEach(action -> {
            ActionDescriptor d = action.descriptor();
            if (byAddress.putIfAbsent(d.address(), action) != null) {
                throw new IllegalStateException("two actions at " + d.address());
            }
            if (byTechnique.putIfAbsent(d.technique(), action) != null) {
                throw new IllegalStateException("two actions for " + d.technique().id());
            }
        });
    }

    /** Every action, by address. */
    public List<MitigationAction> all() {
        return List.copyOf(byAddress.values());
    }

    public Optional<MitigationAction> find(String address) {
        return Optional.ofNullable(byAddress.get(address));
    }

    public Optional<MitigationAction> forTechnique(D3fendTechnique technique) {
        return Optional.ofNullable(byTechnique.get(technique));
    }

    /**
     * The action a request names, by address or else by D3FEND technique id.
     *
     * @throws InvalidRequest when it names none, an unknown one, or an address and a technique that disagree
     */
    public MitigationAction resolve(String address, String techniqueId) {
        if (address != null) {
            MitigationAction action = find(address).orElseThrow(() -> new InvalidRequest("unknown action '" + address
                    + "' (known: " + String.join(", ", byAddress.keySet()) + ")"));
            if (techniqueId != null && !techniqueId.equals(action.descriptor().technique().id())) {
                throw new InvalidRequest("action " + address + " implements " + action.descriptor().technique().id()
                        + ", not " + techniqueId);
            }
            return action;
        }
        if (techniqueId != null) {
            return D3fendTechnique.byId(techniqueId).flatMap(this::forTechnique)
                    .orElseThrow(() -> new InvalidRequest("no action implements technique '" + techniqueId
                            + "' (known: " + String.join(", ", byTechnique.keySet().stream().map(D3fendTechnique::id)
                                    .toList()) + ")"));
        }
        throw new InvalidRequest("the request names neither an action nor a technique");
    }
}
