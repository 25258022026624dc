package io.c2intents.hubble.json;

import io.c2intents.hubble.flow.Endpoint;
import io.c2intents.hubble.flow.Flow;

/**
 * The Kafka key of a flow on {@code hubble-flows}: its pod end, so every record about one pod lands on one
 * partition. The pod end is the source pod of a request and the destination pod of a reply (the pod that
 * started the exchange, which for C2 traffic is the infected pod); when only the other end is a pod, that pod;
 * when neither end is a pod, the IP of the end that started the exchange. A flow whose direction Hubble does not
 * know counts as a request.
 */
public final class FlowKeys {

    private FlowKeys() {
    }

    public static String podKey(FlowSummary flow) {
        boolean reply = flow.reply();
        EndpointSummary initiator = reply ? flow.destination() : flow.source();
        EndpointSummary responder = reply ? flow.source() : flow.destination();
        if (initiator.isPod()) {
            return initiator.podKey();
        }
        if (responder.isPod()) {
            return responder.podKey();
        }
        String initiatorIp = reply ? flow.destinationIp() : flow.sourceIp();
        return !initiatorIp.isEmpty() ? initiatorIp : reply ? flow.sourceIp() : flow.destinationIp();
    }

    /** The same rule on a protobuf flow (gRPC source); agrees with {@link #podKey(FlowSummary)}. */
    public static String podKey(Flow flow) {
        boolean reply = flow.hasIsReply() ? flow.getIsReply().getValue() : flow.getReply();
        Endpoint initiator = reply ? flow.getDestination() : flow.getSource();
        Endpoint responder = reply ? flow.getSource() : flow.getDestination();
        if (!initiator.getPodName().isEmpty()) {
            return initiator.getNamespace() + "/" + initiator.getPodName();
        }
        if (!responder.getPodName().isEmpty()) {
            return responder.getNamespace() + "/" + responder.getPodName();
        }
        String initiatorIp = reply ? flow.getIP().getDestination() : flow.getIP().getSource();
        return !initiatorIp.isEmpty() ? initiatorIp
                : reply ? flow.getIP().getSource() : flow.getIP().getDestination();
    }
}
