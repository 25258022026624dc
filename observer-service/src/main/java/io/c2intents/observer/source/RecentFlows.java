package io.c2intents.observer.source;

import io.c2intents.hubble.flow.Flow;
import io.c2intents.hubble.json.HubbleTime;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ids of the last N flows seen, to drop the ones Relay sends again when a stream is resumed from the last
 * flow time ({@code since} is inclusive, and Relay may reorder flows of different nodes around it). A flow's id is
 * its {@code uuid}; older Cilium sends none, and then its time and 5-tuple stand in for it. Bounded: the oldest
 * ids are forgotten first.
 */
final class RecentFlows {

    private final Map<String, Boolean> seen;

    RecentFlows(int capacity) {
        this.seen = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** True the first time a flow is offered, false when an equal one was offered recently. */
    synchronized boolean firstSighting(Flow flow) {
        return seen.putIfAbsent(id(flow), Boolean.TRUE) == null;
    }

    static String id(Flow flow) {
        if (!flow.getUuid().isEmpty()) {
            return flow.getUuid();
        }
        StringBuilder id = new StringBuilder(96).append(HubbleTime.toNanos(flow.getTime())).append('|')
                .append(flow.getNodeName()).append('|').append(flow.getIP().getSource()).append('|')
                .append(flow.getIP().getDestination()).append('|').append(flow.getL4().getProtocolCase());
        switch (flow.getL4().getProtocolCase()) {
            case TCP -> id.append(flow.getL4().getTCP().getSourcePort()).append('>')
                    .append(flow.getL4().getTCP().getDestinationPort());
            case UDP -> id.append(flow.getL4().getUDP().getSourcePort()).append('>')
                    .append(flow.getL4().getUDP().getDestinationPort());
            case SCTP -> id.append(flow.getL4().getSCTP().getSourcePort()).append('>')
                    .append(flow.getL4().getSCTP().getDestinationPort());
            case ICMPV4 -> id.append(flow.getL4().getICMPv4().getType()).append('/')
                    .append(flow.getL4().getICMPv4().getCode());
            case ICMPV6 -> id.append(flow.getL4().getICMPv6().getType()).append('/')
                    .append(flow.getL4().getICMPv6().getCode());
            default -> {
            }
        }
        // One packet is reported at several observation points (from endpoint, to stack...): each is a flow.
        return id.append('|').append(flow.getVerdictValue()).append('|').append(flow.getTraceObservationPointValue())
                .append('|').append(flow.getEventType().getType()).append('.').append(flow.getEventType().getSubType())
                .append('|').append(flow.getIsReply().getValue()).toString();
    }
}
