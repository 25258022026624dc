package io.c2intents.mitigation.action;

import io.c2intents.events.MitigationRequest;
import io.c2intents.events.ParameterSpec;
import io.c2intents.events.TargetKind;
import java.util.List;
import java.util.Set;

/**
 * Everything an action says about itself: the catalogue ({@code GET /api/actions}), the README and a planner read
 * this, never the action's code.
 *
 * @param address {@code category:name}, e.g. {@code cilium:quarantine}
 * @param technique the D3FEND technique it implements
 * @param summary what it does, in a sentence
 * @param targets the target kinds it accepts
 * @param parameters its parameters
 * @param preconditions what must hold on the cluster before it runs, in words
 * @param rbac the Kubernetes permissions it needs
 * @param revert what revert does, or null when it cannot be reverted
 * @param effectiveAgainst MITRE ATT&amp;CK technique ids it counters
 * @param cost what it costs the protected workload
 * @param example an example request (validated against the contract by the tests)
 */
public record ActionDescriptor(String address, D3fendTechnique technique, String summary, Set<TargetKind> targets,
        List<ParameterSpec> parameters, List<String> preconditions, List<RbacRule> rbac, String revert,
        List<String> effectiveAgainst, Cost cost, MitigationRequest example) {

    public ActionDescriptor {
        targets = Set.copyOf(targets);
        parameters = List.copyOf(parameters);
        preconditions = List.copyOf(preconditions);
        rbac = List.copyOf(rbac);
        effectiveAgainst = List.copyOf(effectiveAgainst);
    }

    public boolean revertible() {
        return revert != null;
    }

    /** The category, the part before the colon. */
    public String category() {
        return address.substring(0, address.indexOf(':'));
    }

    /** The name, the part after the colon. */
    public String name() {
        return address.substring(address.indexOf(':') + 1);
    }
}
