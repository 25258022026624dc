package io.c2intents.hubble.json;

import java.time.Instant;

/**
 * The fields of a flow that keying and detection need, read straight from Hubble JSON without protobuf
 * (see {@link FlowLines}). Absent strings are "", absent numbers 0, as protojson leaves zero values out.
 *
 * @param timeNanos        flow time as epoch nanoseconds ({@link HubbleTime#NONE} when absent)
 * @param uuid             Hubble's flow id, "" on older Cilium
 * @param verdict          FORWARDED, DROPPED, ... ("" = VERDICT_UNKNOWN)
 * @param dropReasonDesc   e.g. POLICY_DENIED, POLICY_DENY ("" unless dropped)
 * @param sourceIp         IP.source
 * @param destinationIp    IP.destination
 * @param source           source endpoint
 * @param destination      destination endpoint
 * @param nodeName         node that saw the flow
 * @param l4Protocol       the {@code l4} oneof key: TCP, UDP, ICMPv4, ICMPv6, SCTP, VRRP, IGMP, or ""
 * @param icmpType         ICMP type (0 = echo reply, 8 = echo request for ICMPv4) or -1 when not ICMP
 * @param icmpCode         ICMP code or -1 when not ICMP
 * @param sourcePort       TCP/UDP/SCTP source port, 0 otherwise
 * @param destinationPort  TCP/UDP/SCTP destination port, 0 otherwise
 * @param isReply          is_reply, falling back to the deprecated reply flag; null when unknown
 * @param trafficDirection INGRESS, EGRESS or ""
 * @param flowType         the {@code Type} field: L3_L4, L7, SOCK or ""
 */
public record FlowSummary(long timeNanos, String uuid, String verdict, String dropReasonDesc, String sourceIp,
                          String destinationIp, EndpointSummary source, EndpointSummary destination,
                          String nodeName, String l4Protocol, int icmpType, int icmpCode, int sourcePort,
                          int destinationPort, Boolean isReply, String trafficDirection, String flowType) {

    public Instant time() {
        return timeNanos == HubbleTime.NONE ? null : HubbleTime.toInstant(timeNanos);
    }

    public boolean isIcmp() {
        return icmpType >= 0;
    }

    /** True only when Hubble says so: an unknown direction is not a reply. */
    public boolean reply() {
        return Boolean.TRUE.equals(isReply);
    }

    /** The pod end of the flow, see {@link FlowKeys#podKey(FlowSummary)}. */
    public String podKey() {
        return FlowKeys.podKey(this);
    }
}
