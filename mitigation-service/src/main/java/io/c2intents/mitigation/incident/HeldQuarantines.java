package io.c2intents.mitigation.incident;

import io.c2intents.events.MitigationMode;
import io.c2intents.events.MitigationRequest;
import io.c2intents.events.PodKey;
import io.c2intents.events.Target;
import io.c2intents.events.TargetKind;
import io.c2intents.mitigation.action.ActionRegistry;
import io.c2intents.mitigation.action.InvalidRequest;
import io.c2intents.mitigation.action.cilium.QuarantineAction;
import io.c2intents.mitigation.service.AppliedActions;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Tells which open incident, if any, holds the quarantine a person's revert request lifts: the request names
 * {@code cilium:quarantine} (by address, by technique, or by the {@code reference} of its apply) on a pod whose latest
 * incident is open and holds a quarantine. Such a request is the person's decision about that incident, so the
 * runner carries it out and closes the incident ({@link IncidentRunner#release}) instead of the plain executor, whose
 * revert the reconcile would take for a deleted quarantine and put back. Only incidents this instance owns are found
 * (see the README's known limit on several instances).
 */
@ApplicationScoped
public class HeldQuarantines {

    private final IncidentRegistry incidents;
    private final ActionRegistry actions;
    private final AppliedActions applied;

    public HeldQuarantines(IncidentRegistry incidents, ActionRegistry actions, AppliedActions applied) {
        this.incidents = incidents;
        this.actions = actions;
        this.applied = applied;
    }

    /** The open incident holding the quarantine this request reverts; empty for any other request. */
    public Optional<Incident> holderOf(MitigationRequest request) {
        if (request.mode() != MitigationMode.REVERT) {
            return Optional.empty();
        }
        String address = request.action();
        String technique = request.technique();
        Target target = request.target();
        if (address == null && technique == null && request.reference() != null) {
            Optional<AppliedActions.Applied> known = applied.find(request.reference());
            address = known.map(AppliedActions.Applied::action).orElse(null);
            target = target != null ? target : known.map(AppliedActions.Applied::target).orElse(null);
        }
        if (address == null && technique == null || target == null || target.kind() != TargetKind.POD
                || target.namespace() == null || target.name() == null) {
            return Optional.empty();
        }
        try {
            if (!QuarantineAction.ADDRESS.equals(actions.resolve(address, technique).address())) {
                return Optional.empty();
            }
        } catch (InvalidRequest e) {
            return Optional.empty(); // the executor answers it REJECTED with the reason
        }
        return incidents.latest(PodKey.of(target.namespace(), target.name()))
                .filter(HeldQuarantines::holdsQuarantine);
    }

    private static boolean holdsQuarantine(Incident incident) {
        synchronized (incident) {
            return incident.open() && incident.contained() && incident.containment() != null
                    && QuarantineAction.ADDRESS.equals(incident.containment().action());
        }
    }
}
