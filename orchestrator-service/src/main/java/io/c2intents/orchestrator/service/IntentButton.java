package io.c2intents.orchestrator.service;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One of the five intent buttons: a D3FEND technique applied to every infected pod.
 *
 * @param technique D3-PT, D3-EDL, D3-HS, D3-NTF or D3-FEV
 * @param mode {@code apply} (default) or {@code dry-run}
 */
@Schema(name = "IntentButton", description = "A technique applied to every infected pod")
public record IntentButton(
        @Schema(required = true, examples = "D3-NTF", enumeration = {"D3-PT", "D3-EDL", "D3-HS", "D3-NTF", "D3-FEV"})
        String technique,
        @Schema(examples = "apply", enumeration = {"apply", "dry-run"}) String mode) {
}
