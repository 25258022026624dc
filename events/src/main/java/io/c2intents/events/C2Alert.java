package io.c2intents.events;

import java.time.Instant;

/**
 * A suspected command-and-control contact, on {@code c2-alerts}, keyed by {@code namespace/pod}.
 * There is one open alert per pod + destination + detector: later matches publish the same {@code id} with a
 * higher {@code revision}, never a new alert.
 *
 * @param schemaVersion payload version, {@link #SCHEMA_VERSION}
 * @param id stable id of the alert (pod + destination + detector)
 * @param revision 1 when first raised, incremented on every update
 * @param detectedAt when the detector (first) raised it, wall time
 * @param pod the pod the traffic came from
 * @param destination the remote address contacted
 * @param protocol L4 protocol as Hubble names it (ICMPv4, TCP, UDP, ...)
 * @param attackTechnique MITRE ATT&amp;CK technique id, T1095 for ICMP C2
 * @param detector which detector raised it
 * @param score confidence 0–1
 * @param firstSeen event time of the first matching flow
 * @param lastSeen event time of the newest matching flow
 * @param count matching flows so far
 * @param evidence flow times and verdict counts
 * @param reason one sentence a person can read
 */
public record C2Alert(int schemaVersion, String id, int revision, Instant detectedAt, PodRef pod, String destination,
        String protocol, String attackTechnique, Detector detector, double score, Instant firstSeen,
        Instant lastSeen, long count, AlertEvidence evidence, String reason) {

    public static final int SCHEMA_VERSION = 1;
    public static final String CONTRACT = "c2-alert";

    /** The record key. */
    public String key() {
        return pod.key();
    }
}
