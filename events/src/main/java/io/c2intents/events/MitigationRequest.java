package io.c2intents.events;

import java.time.Instant;
import java.util.Map;

/**
 * A request to the mitigation service, on {@code mitigation-requests}, keyed by the incident's pod
 * ({@code namespace/pod}); the target itself (pod, workload or node) is in the payload.
 *
 * @param schemaVersion payload version
 * @param requestId unique id chosen by the sender; every event answering it carries it
 * @param mode apply, revert, approve or dry-run
 * @param action registry address such as {@code cilium:quarantine}; or null when {@code technique} names it
 * @param technique D3FEND technique id such as {@code D3-NTF}; used when {@code action} is absent
 * @param target what to act on
 * @param parameters action parameters (checked against the action's declaration)
 * @param incidentId incident this belongs to, if any
 * @param reference for approve and revert: the id of the plan or applied mitigation meant
 * @param alert the alert that motivated the request, if any (gives e.g. the C2 address)
 * @param requestedBy who asked (user, intent name)
 * @param requestedAt when
 */
public record MitigationRequest(int schemaVersion, String requestId, MitigationMode mode, String action,
        String technique, Target target, Map<String, String> parameters, String incidentId, String reference,
        C2Alert alert, String requestedBy, Instant requestedAt) {

    public static final int SCHEMA_VERSION = 1;
    public static final String CONTRACT = "mitigation-request";

    public MitigationRequest {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }
}
