package io.c2intents.orchestrator.view;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * An incident as the API shows it: one pod under attack, from its first alert to its last mitigation step.
 *
 * @param id the incident id (the mitigation service's, once it names one)
 * @param aliases other ids the same incident is known by
 * @param pod {@code namespace/pod}
 * @param namespace the pod's namespace
 * @param podName the pod's name
 * @param node the node the pod ran on, where known
 * @param workload the owning workload, e.g. {@code Deployment/target}, where known
 * @param status OPEN, CONTAINED, RESOLVED, RELEASED (a person's revert request lifted its quarantine and closed it)
 *        or GONE (the pod no longer exists and no step removed it)
 * @param quarantined whether a quarantine is in force (only on an OPEN or CONTAINED incident: a RESOLVED, RELEASED or
 *        GONE incident's pod is gone, clean, or let go by a person)
 * @param evicted whether the malicious file was evicted
 * @param destinations the C2 addresses contacted
 * @param alertCount distinct alerts
 * @param openedAt when the first alert or step came
 * @param updatedAt when the latest came
 * @param timeline alerts, requests and mitigation steps, oldest first
 */
public record IncidentSnapshot(String id, Set<String> aliases, String pod, String namespace, String podName,
        String node, String workload, IncidentStatus status, boolean quarantined, boolean evicted,
        Set<String> destinations, int alertCount, Instant openedAt, Instant updatedAt,
        List<TimelineEntry> timeline) {
}
