package io.c2intents.orchestrator;

import io.c2intents.events.AlertEvidence;
import io.c2intents.events.C2Alert;
import io.c2intents.events.Contracts;
import io.c2intents.events.Detector;
import io.c2intents.events.MitigationEvent;
import io.c2intents.events.MitigationStatus;
import io.c2intents.events.PodRef;
import io.c2intents.events.SimulatorCommandType;
import io.c2intents.events.SimulatorEvent;
import io.c2intents.events.SimulatorOutcome;
import io.c2intents.events.Target;
import io.c2intents.events.TouchedObject;
import io.c2intents.events.WorkloadRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Records as the other services publish them, for one pod per test (the broker is shared by every test class of
 * the JVM, so each test invents its own pods and ids).
 */
public final class Fixtures {

    public static final String NS = "c2-lab";

    private Fixtures() {
    }

    /** A pod name no other test uses. */
    public static String uniquePod(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static C2Alert alert(String pod, String node, int revision, Instant lastSeen) {
        PodRef ref = new PodRef(NS, pod, Map.of("app", "target"), node, "10.244.1.37",
                new WorkloadRef("Deployment", "target-" + pod));
        return new C2Alert(C2Alert.SCHEMA_VERSION, NS + "/" + pod + "/1.1.1.1/indicator", revision,
                Instant.parse("2026-03-14T09:21:00.412Z"), ref, "1.1.1.1", "ICMPv4", "T1095", Detector.INDICATOR, 0.95,
                lastSeen.minusSeconds(4), lastSeen, 2L * revision,
                new AlertEvidence(List.of(lastSeen), revision, 0, revision),
                "pod " + NS + "/" + pod + " sent ICMPv4 echo requests to 1.1.1.1, a listed C2 indicator");
    }

    public static String alertJson(String pod, String node) {
        return Contracts.C2_ALERT.write(alert(pod, node, 1, Instant.parse("2026-03-14T09:21:04.137Z")));
    }

    public static MitigationEvent step(String pod, String incidentId, String requestId, MitigationStatus status,
            String action, String technique, Instant at) {
        return new MitigationEvent(MitigationEvent.SCHEMA_VERSION, "evt-" + UUID.randomUUID(), requestId, incidentId,
                status, action, technique, null, Target.pod(NS, pod),
                List.of(new TouchedObject("CiliumNetworkPolicy", NS, "c2intents-quarantine-" + pod, "created", null)),
                technique + " " + status.name().toLowerCase() + " on " + NS + "/" + pod, "contain-and-eradicate-c2",
                false, at, at.minusMillis(140), 140);
    }

    /**
     * A step an intent drove, as the mitigation service writes it: the incident's alert id as {@code requestId}, the
     * incident's id and intent.
     */
    public static MitigationEvent intentStep(C2Alert alert, String incidentId, MitigationStatus status, String action,
            String technique, Instant at) {
        MitigationEvent step = step(alert.pod().name(), incidentId, alert.id(), status, action, technique, at);
        return new MitigationEvent(step.schemaVersion(), step.eventId(), step.requestId(), step.incidentId(),
                step.status(), step.action(), step.technique(), step.techniqueName(), step.target(), step.objects(),
                "intent contain-and-eradicate-c2: " + step.reason(), step.intent(), false, at, step.startedAt(),
                step.durationMs());
    }

    /**
     * The mitigation service's answer to a person's revert of the quarantine an open incident holds (mitigation
     * service README, "A person's revert wins"): REVERTED {@code cilium:quarantine} with the person's request id and
     * the incident's id and intent.
     */
    public static MitigationEvent released(String pod, String incidentId, String requestId, Instant at) {
        return new MitigationEvent(MitigationEvent.SCHEMA_VERSION, "evt-" + UUID.randomUUID(), requestId, incidentId,
                MitigationStatus.REVERTED, "cilium:quarantine", "D3-NTF", "Network Traffic Filtering",
                Target.pod(NS, pod),
                List.of(new TouchedObject("CiliumNetworkPolicy", NS, "c2intents-quarantine-" + pod, "deleted", null)),
                "quarantine lifted by operator request " + requestId + " (requested by alice); incident " + incidentId
                        + " closed (it was verify), the intent contain-and-eradicate-c2 will not restore it: "
                        + "quarantine policy deleted",
                "contain-and-eradicate-c2", false, at, at.minusMillis(90), 90);
    }

    public static String stepJson(MitigationEvent event) {
        return Contracts.MITIGATION_EVENT.write(event);
    }

    public static String simulatorDone(String commandId, SimulatorCommandType type) {
        return Contracts.SIMULATOR_EVENT.write(new SimulatorEvent(SimulatorEvent.SCHEMA_VERSION, commandId, type,
                SimulatorOutcome.DONE, Instant.now(), type.name().toLowerCase() + " done", Map.of()));
    }

    public static String simulatorFailed(String commandId, SimulatorCommandType type, String message) {
        return Contracts.SIMULATOR_EVENT.write(new SimulatorEvent(SimulatorEvent.SCHEMA_VERSION, commandId, type,
                SimulatorOutcome.FAILED, Instant.now(), message, Map.of()));
    }

    /**
     * A Hubble flow line in {@code hubble observe -o json}'s shape (as in the real captures under
     * ../shared/data/hubble-flows), from a pod to an outside IP.
     */
    public static String flowJson(String pod, String destinationIp, String verdict, boolean reply, Instant time) {
        String drop = "DROPPED".equals(verdict) ? ",\"drop_reason_desc\":\"POLICY_DENIED\"" : "";
        String podEnd = "{\"ID\":881,\"identity\":3418,\"namespace\":\"" + NS + "\",\"labels\":[\"k8s:app=target\","
                + "\"k8s:io.kubernetes.pod.namespace=" + NS + "\"],\"pod_name\":\"" + pod + "\"}";
        String worldEnd = "{\"identity\":2,\"labels\":[\"reserved:world\"]}";
        String src = reply ? destinationIp : "10.244.1.37";
        String dst = reply ? "10.244.1.37" : destinationIp;
        return "{\"flow\":{\"time\":\"" + time + "\",\"verdict\":\"" + verdict + "\"" + drop
                + ",\"IP\":{\"source\":\"" + src + "\",\"destination\":\"" + dst + "\",\"ipVersion\":\"IPv4\"},"
                + "\"l4\":{\"ICMPv4\":{\"type\":" + (reply ? 0 : 8) + "}},"
                + "\"source\":" + (reply ? worldEnd : podEnd) + ",\"destination\":" + (reply ? podEnd : worldEnd) + ","
                + "\"Type\":\"L3_L4\",\"node_name\":\"lab-worker-1\",\"traffic_direction\":\""
                + (reply ? "INGRESS" : "EGRESS") + "\",\"is_reply\":" + reply + ",\"Summary\":\"ICMPv4 Echo"
                + (reply ? "Reply" : "Request") + "\"},\"node_name\":\"lab-worker-1\",\"time\":\"" + time + "\"}";
    }
}
