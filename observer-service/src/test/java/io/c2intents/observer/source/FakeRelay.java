package io.c2intents.observer.source;

import com.google.protobuf.BoolValue;
import com.google.protobuf.Int32Value;
import com.google.protobuf.Timestamp;
import io.c2intents.hubble.flow.Endpoint;
import io.c2intents.hubble.flow.Flow;
import io.c2intents.hubble.flow.FlowType;
import io.c2intents.hubble.flow.ICMPv4;
import io.c2intents.hubble.flow.IP;
import io.c2intents.hubble.flow.IPVersion;
import io.c2intents.hubble.flow.Layer4;
import io.c2intents.hubble.flow.LostEvent;
import io.c2intents.hubble.flow.LostEventSource;
import io.c2intents.hubble.flow.TrafficDirection;
import io.c2intents.hubble.flow.Verdict;
import io.c2intents.hubble.json.HubbleTime;
import io.c2intents.hubble.observer.GetFlowsRequest;
import io.c2intents.hubble.observer.GetFlowsResponse;
import io.c2intents.hubble.observer.ObserverGrpc;
import io.c2intents.hubble.relay.NodeState;
import io.c2intents.hubble.relay.NodeStatusEvent;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A Hubble Relay stand-in for tests: implements {@code observer.Observer/GetFlows} (our generated stub) over a real
 * gRPC server on a free port. The first stream sends {@link #DROP_AFTER} flows interleaved with node status and
 * lost events and stays open; {@link #dropConnections()} then takes the whole server down mid-stream (the TCP
 * connection drops) and brings it back on the same port. A resumed stream sends every flow from a little before
 * {@code since} (so some come twice, as a real Relay's inclusive {@code since} and cross-node reordering do) to
 * the last, then stays open like {@code follow}.
 */
final class FakeRelay {

    static final int FLOWS = 60;
    static final int DROP_AFTER = 25;
    /** How many already-sent flows a resumed stream sends again. */
    static final int OVERLAP = 3;
    static final long LOST_PER_EVENT = 7;
    /** Flow times the first stream also sends: beyond nanos in a long, and decades ahead of the clock. */
    static final List<String> FAR_FUTURE = List.of("2999-01-01T00:00:00Z", "2100-01-01T00:00:00Z");

    /** Unique per run, so records of earlier runs on the same broker never match. */
    final String nodeName = "fake-relay-node-" + UUID.randomUUID().toString().substring(0, 8);
    final List<Flow> flows;
    final List<GetFlowsRequest> requests = new CopyOnWriteArrayList<>();
    final int port;
    private volatile Server server;
    private volatile int lostEventsSent;

    FakeRelay() {
        this.port = freePort();
        this.flows = flows(nodeName);
    }

    int lostEventsSent() {
        return lostEventsSent;
    }

    void start() {
        try {
            server = Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create())
                    .addService(new Service()).build().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server goes down with its open streams and comes back on the same port. */
    void dropConnections() {
        stop();
        start();
    }

    void stop() {
        Server s = server;
        if (s != null) {
            s.shutdownNow();
            try {
                s.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private final class Service extends ObserverGrpc.ObserverImplBase {
        @Override
        public void getFlows(GetFlowsRequest request, StreamObserver<GetFlowsResponse> out) {
            requests.add(request);
            boolean first = requests.size() == 1;
            if (first) {
                out.onNext(nodeStatus(NodeState.NODE_CONNECTED, ""));
                for (int i = 0; i < DROP_AFTER; i++) {
                    out.onNext(response(flows.get(i)));
                    if (i % 10 == 4) {
                        out.onNext(lostEvents());
                    }
                    if (i == 12) {
                        out.onNext(nodeStatus(NodeState.NODE_UNAVAILABLE, "connection refused"));
                    }
                    if (i == 20) {
                        // a broken clock: refused, and the resume point must not jump to it
                        for (String year : FAR_FUTURE) {
                            out.onNext(response(flows.get(i).toBuilder().setUuid(UUID.randomUUID().toString())
                                    .setTime(Timestamp.newBuilder().setSeconds(Instant.parse(year)
                                            .getEpochSecond())).build()));
                        }
                    }
                }
                // follow: the stream stays open; the test drops the connection once the observer has these flows.
                return;
            }
            long since = request.hasSince() ? HubbleTime.toNanos(request.getSince()) : Long.MIN_VALUE;
            int from = 0;
            while (from < flows.size() && HubbleTime.toNanos(flows.get(from).getTime()) < since) {
                from++;
            }
            out.onNext(nodeStatus(NodeState.NODE_CONNECTED, ""));
            for (int i = Math.max(0, from - OVERLAP); i < flows.size(); i++) {
                out.onNext(response(flows.get(i)));
                if (i == 40) {
                    out.onNext(lostEvents());
                }
            }
            // follow: the stream stays open until the client goes away.
            ((ServerCallStreamObserver<GetFlowsResponse>) out).setOnCancelHandler(() -> { });
        }
    }

    private GetFlowsResponse response(Flow flow) {
        return GetFlowsResponse.newBuilder().setFlow(flow).setNodeName(flow.getNodeName()).setTime(flow.getTime())
                .build();
    }

    private GetFlowsResponse nodeStatus(NodeState state, String message) {
        return GetFlowsResponse.newBuilder().setNodeStatus(NodeStatusEvent.newBuilder().setStateChange(state)
                .addNodeNames(nodeName).setMessage(message)).build();
    }

    private synchronized GetFlowsResponse lostEvents() {
        lostEventsSent++;
        return GetFlowsResponse.newBuilder().setNodeName(nodeName).setLostEvents(LostEvent.newBuilder()
                .setSource(LostEventSource.HUBBLE_RING_BUFFER).setNumEventsLost(LOST_PER_EVENT)
                .setCpu(Int32Value.of(1))).build();
    }

    /** Echo requests from a pod to 1.1.1.1 and the replies; every fifth flow has no uuid (older Cilium). */
    private static List<Flow> flows(String node) {
        List<Flow> flows = new ArrayList<>();
        long start = HubbleTime.toNanos(Instant.now().minusSeconds(60));
        Endpoint pod = Endpoint.newBuilder().setNamespace("c2-lab").setPodName("target-" + node).setIdentity(4242)
                .addLabels("k8s:app=target").build();
        Endpoint world = Endpoint.newBuilder().setIdentity(2).addLabels("reserved:world").build();
        for (int i = 0; i < FLOWS; i++) {
            boolean reply = i % 2 == 1;
            Flow.Builder flow = Flow.newBuilder()
                    .setTime(HubbleTime.toTimestamp(start + i * 500_000_000L + (reply ? 1_000_000 : 0)))
                    .setVerdict(Verdict.FORWARDED)
                    .setIP(IP.newBuilder().setSource(reply ? "1.1.1.1" : "10.0.1.17")
                            .setDestination(reply ? "10.0.1.17" : "1.1.1.1").setIpVersion(IPVersion.IPv4))
                    .setL4(Layer4.newBuilder().setICMPv4(ICMPv4.newBuilder().setType(reply ? 0 : 8)))
                    .setSource(reply ? world : pod).setDestination(reply ? pod : world)
                    .setType(FlowType.L3_L4).setNodeName(node).setTrafficDirection(TrafficDirection.EGRESS)
                    .setIsReply(BoolValue.of(reply))
                    .setSummary(reply ? "ICMPv4 EchoReply" : "ICMPv4 EchoRequest");
            if (i % 5 != 0) {
                flow.setUuid(UUID.randomUUID().toString());
            }
            flows.add(flow.build());
        }
        return flows;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
