package io.c2intents.orchestrator.view;

import java.time.Instant;

/**
 * One line of an incident's timeline: an alert, a request sent by hand, a mitigation step, the incident closed by a
 * person's revert request, or the pod found gone.
 *
 * @param at when it happened (alert: when first raised; step: when it ended; request: when sent)
 * @param kind {@code alert}, {@code request}, {@code mitigation}, {@code released} (a person's revert request closed
 *        the incident; {@code ref} is that request) or {@code gone} (the Kubernetes API no longer has the pod)
 * @param status the step's status (PLANNED, APPLIED, ...), the request's mode, the alert's detector, RELEASED or
 *        GONE
 * @param technique D3FEND technique id, for requests and steps
 * @param action action address such as {@code cilium:quarantine}, for requests and steps
 * @param target what was acted on ({@code pod ns/name}, {@code node name}, ...)
 * @param summary one readable sentence
 * @param ref the alert id, request id or event id the line comes from
 * @param dryRun whether nothing was changed on purpose
 */
public record TimelineEntry(Instant at, String kind, String status, String technique, String action, String target,
        String summary, String ref, boolean dryRun) {
}
