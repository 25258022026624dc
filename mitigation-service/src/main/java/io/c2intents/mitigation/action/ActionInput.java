package io.c2intents.mitigation.action;

import io.c2intents.events.MitigationRequest;
import io.c2intents.events.ParameterSpec;
import io.c2intents.events.PodRef;
import io.c2intents.events.Target;
import io.c2intents.events.TargetKind;
import java.util.Optional;

/**
 * What an action works from: the request, its target and its checked parameters.
 *
 * @param request the request as received
 * @param target what to act on (the request's, or the one an earlier apply recorded, for a revert by reference)
 * @param parameters checked against the action's declaration, defaults filled in
 */
public record ActionInput(MitigationRequest request, Target target, ActionParameters parameters) {

    /** The parameter naming the C2 address, shared by the actions that need one. */
    public static final String C2_ADDRESS = "c2Address";

    /** The C2 address: the {@code c2Address} parameter, else the destination of the alert that motivated it. */
    public Optional<String> c2Address() {
        return parameters.get(C2_ADDRESS).or(() -> Optional.ofNullable(request.alert())
                .map(a -> a.destination())
                .filter(ParameterSpec::isIpv4));
    }

    /** The alert's view of the target pod (labels, node, owner), when the alert is about the target. */
    public Optional<PodRef> alertPod() {
        if (request.alert() == null || request.alert().pod() == null || target.kind() != TargetKind.POD) {
            return Optional.empty();
        }
        PodRef pod = request.alert().pod();
        return pod.namespace().equals(target.namespace()) && pod.name().equals(target.name()) ? Optional.of(pod)
                : Optional.empty();
    }

    /** {@code namespace/name} of the target, or the name alone for a node. */
    public String targetText() {
        return target.namespace() == null ? target.kind().name().toLowerCase() + " " + target.name()
                : target.kind().name().toLowerCase() + " " + target.namespace() + "/" + target.name();
    }

    /** The incident pod ({@code ns/pod}) this is about: the target pod, or the alert's pod. */
    public Optional<String> incidentPod() {
        if (target.kind() == TargetKind.POD) {
            return Optional.of(target.namespace() + "/" + target.name());
        }
        return Optional.ofNullable(request.alert()).map(a -> a.pod().key());
    }
}
