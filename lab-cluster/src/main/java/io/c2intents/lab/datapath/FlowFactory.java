package io.c2intents.lab.datapath;

import com.google.protobuf.BoolValue;
import com.google.protobuf.Timestamp;
import io.c2intents.hubble.flow.CiliumEventType;
import io.c2intents.hubble.flow.DropReason;
import io.c2intents.hubble.flow.Endpoint;
import io.c2intents.hubble.flow.Ethernet;
import io.c2intents.hubble.flow.Flow;
import io.c2intents.hubble.flow.FlowType;
import io.c2intents.hubble.flow.ICMPv4;
import io.c2intents.hubble.flow.IP;
import io.c2intents.hubble.flow.IPVersion;
import io.c2intents.hubble.flow.Layer4;
import io.c2intents.hubble.flow.Policy;
import io.c2intents.hubble.flow.TraceObservationPoint;
import io.c2intents.hubble.flow.TraceReason;
import io.c2intents.hubble.flow.TrafficDirection;
import io.c2intents.hubble.flow.Verdict;
import io.c2intents.lab.policy.PolicyRef;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Builds the Hubble flows of ICMPv4 echo traffic the way Cilium's monitor events decode: trace events
 * ({@code event_type.type} 4, the observation point in {@code sub_type}) for forwarded packets, drop events (type 1,
 * the drop reason in {@code sub_type}) for dropped ones. Field by field it follows the real captures in
 * {@code ../shared/data/hubble-flows/}: {@code "l4":{"ICMPv4":{"type":8}}} for a request and {@code {"ICMPv4":{}}}
 * for a reply, {@code reserved:world} endpoints with identity 2 outside the cluster, {@code is_reply} on trace
 * events only (Hubble leaves it unset on drops, which the CLI prints as {@code <>}).
 */
final class FlowFactory {

    /** One end of a packet: the Hubble endpoint, its IP, its MAC. */
    record End(Endpoint endpoint, String ip, String mac) {
    }

    static final Endpoint WORLD = Endpoint.newBuilder().setIdentity(IdentityAllocator.WORLD)
            .addLabels("reserved:world").build();
    static final Endpoint HOST = Endpoint.newBuilder().setIdentity(IdentityAllocator.HOST)
            .addLabels("reserved:host").build();
    static final Endpoint REMOTE_NODE = Endpoint.newBuilder().setIdentity(IdentityAllocator.REMOTE_NODE)
            .addLabels("reserved:remote-node").build();

    static final int ECHO_REQUEST = 8;
    static final int ECHO_REPLY = 0;

    private static final Layer4 REQUEST_L4 = Layer4.newBuilder()
            .setICMPv4(ICMPv4.newBuilder().setType(ECHO_REQUEST)).build();
    private static final Layer4 REPLY_L4 = Layer4.newBuilder().setICMPv4(ICMPv4.getDefaultInstance()).build();
    private static final BoolValue FALSE = BoolValue.of(false);
    private static final BoolValue TRUE = BoolValue.of(true);

    /** Cilium's trace sub-types (pkg/monitor/api TraceTo*), which Hubble maps to observation points. */
    enum Trace {
        TO_ENDPOINT(0, TraceObservationPoint.TO_ENDPOINT),
        TO_STACK(3, TraceObservationPoint.TO_STACK),
        TO_OVERLAY(4, TraceObservationPoint.TO_OVERLAY);

        final int subType;
        final TraceObservationPoint point;
        final CiliumEventType eventType;

        Trace(int subType, TraceObservationPoint point) {
            this.subType = subType;
            this.point = point;
            this.eventType = CiliumEventType.newBuilder().setType(4).setSubType(subType).build();
        }
    }

    private FlowFactory() {
    }

    /** A forwarded packet seen at {@code trace} on {@code node}. */
    static Flow trace(Instant time, String node, End source, End destination, boolean reply, Trace trace,
            TrafficDirection direction) {
        Flow.Builder flow = base(time, node, source, destination, reply)
                .setVerdict(Verdict.FORWARDED)
                .setEthernet(Ethernet.newBuilder().setSource(source.mac()).setDestination(destination.mac()).build())
                .setEventType(trace.eventType)
                .setTrafficDirection(direction)
                .setTraceObservationPoint(trace.point)
                .setTraceReason(reply ? TraceReason.REPLY : TraceReason.NEW)
                .setIsReply(reply ? TRUE : FALSE);
        if (reply) {
            flow.setReply(true);
        }
        return flow.build();
    }

    /** A request dropped by policy on {@code node}. */
    static Flow drop(Instant time, String node, End source, End destination, DropReason reason,
            TrafficDirection direction, List<PolicyRef> deniedBy) {
        Flow.Builder flow = base(time, node, source, destination, false)
                .setVerdict(Verdict.DROPPED)
                .setDropReason(reason.getNumber())
                .setEventType(CiliumEventType.newBuilder().setType(1).setSubType(reason.getNumber()).build())
                .setTrafficDirection(direction)
                .setDropReasonDesc(reason);
        for (PolicyRef ref : deniedBy) {
            Policy policy = Policy.newBuilder().setName(ref.name()).setNamespace(ref.namespace())
                    .addAllLabels(ref.labels()).setRevision(ref.revision()).setKind(ref.kind()).build();
            if (direction == TrafficDirection.EGRESS) {
                flow.addEgressDeniedBy(policy);
            } else {
                flow.addIngressDeniedBy(policy);
            }
        }
        return flow.build();
    }

    private static Flow.Builder base(Instant time, String node, End source, End destination, boolean reply) {
        return Flow.newBuilder()
                .setTime(Timestamp.newBuilder().setSeconds(time.getEpochSecond()).setNanos(time.getNano()).build())
                .setUuid(uuid())
                .setIP(IP.newBuilder().setSource(source.ip()).setDestination(destination.ip())
                        .setIpVersion(IPVersion.IPv4).build())
                .setL4(reply ? REPLY_L4 : REQUEST_L4)
                .setSource(source.endpoint())
                .setDestination(destination.endpoint())
                .setType(FlowType.L3_L4)
                .setNodeName(node)
                .setSummary(reply ? "ICMPv4 EchoReply" : "ICMPv4 EchoRequest");
    }

    /** A random (version 4) UUID, as Hubble gives every flow; cheaper than UUID.randomUUID's SecureRandom. */
    static String uuid() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        char[] out = new char[36];
        hex(out, 0, high >>> 32, 8);
        out[8] = '-';
        hex(out, 9, high >>> 16, 4);
        out[13] = '-';
        hex(out, 14, high, 4);
        out[18] = '-';
        hex(out, 19, low >>> 48, 4);
        out[23] = '-';
        hex(out, 24, low, 12);
        return new String(out);
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private static void hex(char[] out, int offset, long value, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            out[offset + i] = HEX[(int) (value & 0xF)];
            value >>>= 4;
        }
    }
}
