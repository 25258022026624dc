package io.c2intents.orchestrator.service;

import io.c2intents.events.Target;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A mitigation asked for by hand: an action (or a D3FEND technique) on a target.
 *
 * @param technique D3FEND id (D3-NTF, D3-FEV, D3-PT, D3-EDL, D3-HS); or give {@code action}
 * @param action registry address such as {@code cilium:quarantine}; or give {@code technique}
 * @param target the pod, workload or node to act on
 * @param mode {@code apply} (default) or {@code dry-run}
 * @param parameters action parameters
 * @param incidentId the incident this belongs to, if any
 */
@Schema(name = "ManualMitigation", description = "A mitigation asked for by hand")
public record ManualMitigation(
        @Schema(examples = "D3-NTF") String technique,
        @Schema(examples = "cilium:quarantine") String action,
        Target target,
        @Schema(examples = "apply", enumeration = {"apply", "dry-run"}) String mode,
        Map<String, String> parameters,
        @Schema(examples = "inc-c2-lab-target-7c9d8f6b5-x2k4q-1") String incidentId) {
}
