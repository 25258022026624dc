package io.c2intents.orchestrator.view;

import java.time.Instant;

/**
 * What the orchestrator keeps of one Hubble flow: enough to list, filter and show it.
 *
 * @param seq arrival order in this instance, to page and de-duplicate on the client
 * @param key the Kafka record key (the pod end of the flow)
 * @param time event time of the flow
 * @param verdict FORWARDED, DROPPED, ...
 * @param dropReason Hubble's {@code drop_reason_desc}, e.g. POLICY_DENIED, for dropped flows
 * @param protocol L4 protocol as Hubble names it (ICMPv4, TCP, UDP, ...)
 * @param source where the packet came from
 * @param destination where it went
 * @param node node that saw it
 * @param reply whether it is a reply (echo reply, SYN-ACK ...)
 * @param summary Hubble's one-line summary, where present
 */
public record FlowRecord(long seq, String key, Instant time, String verdict, String dropReason, String protocol,
        FlowEndpoint source, FlowEndpoint destination, String node, boolean reply, String summary) {
}
