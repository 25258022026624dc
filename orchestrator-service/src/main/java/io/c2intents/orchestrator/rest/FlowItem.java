package io.c2intents.orchestrator.rest;

import io.c2intents.orchestrator.view.FlowEndpoint;
import io.c2intents.orchestrator.view.FlowRecord;
import java.time.Instant;
import java.util.Set;

/**
 * A flow as the API shows it, with both ends marked infected or not.
 *
 * @param seq arrival order in this instance
 * @param key the Kafka record key (the pod end of the flow)
 * @param time event time
 * @param verdict FORWARDED, DROPPED, ...
 * @param dropReason why it was dropped, where it was
 * @param protocol L4 protocol
 * @param source source end
 * @param destination destination end
 * @param node node that saw it
 * @param reply whether it is a reply
 * @param summary Hubble's summary
 * @param sourceInfected the source pod has an open incident
 * @param destinationInfected the destination pod has an open incident
 */
public record FlowItem(long seq, String key, Instant time, String verdict, String dropReason, String protocol,
        FlowEndpoint source, FlowEndpoint destination, String node, boolean reply, String summary,
        boolean sourceInfected, boolean destinationInfected) {

    static FlowItem of(FlowRecord f, Set<String> infected) {
        return new FlowItem(f.seq(), f.key(), f.time(), f.verdict(), f.dropReason(), f.protocol(), f.source(),
                f.destination(), f.node(), f.reply(), f.summary(),
                f.source().podKey() != null && infected.contains(f.source().podKey()),
                f.destination().podKey() != null && infected.contains(f.destination().podKey()));
    }
}
