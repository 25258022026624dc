package io.c2intents.lab.relay;

import com.google.protobuf.Timestamp;
import com.google.protobuf.UInt32Value;
import io.c2intents.hubble.flow.Endpoint;
import io.c2intents.hubble.observer.GetFlowsRequest;
import io.c2intents.hubble.observer.GetFlowsResponse;
import io.c2intents.hubble.observer.GetNamespacesRequest;
import io.c2intents.hubble.observer.GetNamespacesResponse;
import io.c2intents.hubble.observer.GetNodesRequest;
import io.c2intents.hubble.observer.GetNodesResponse;
import io.c2intents.hubble.observer.Namespace;
import io.c2intents.hubble.observer.Node;
import io.c2intents.hubble.observer.ObserverGrpc;
import io.c2intents.hubble.observer.ServerStatusRequest;
import io.c2intents.hubble.observer.ServerStatusResponse;
import io.c2intents.hubble.observer.TLS;
import io.c2intents.hubble.relay.NodeState;
import io.c2intents.hubble.relay.NodeStatusEvent;
import io.c2intents.lab.clock.LabClock;
import io.c2intents.lab.controller.LabNode;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Hubble Relay's {@code observer.Observer} service over the lab's {@link FlowRing}: {@code GetFlows} (number, first,
 * follow, since, until, whitelist/blacklist), {@code ServerStatus}, {@code GetNodes}, {@code GetNamespaces}. Like
 * Relay, a stream starts with a {@code node_status} event listing the connected nodes.
 */
final class ObserverService extends ObserverGrpc.ObserverImplBase {

    static final String VERSION = "1.19.4-lab";

    private final FlowRing ring;
    private final List<LabNode> nodes;
    private final LabClock clock;
    private final ScheduledExecutorService executor;
    private final long startedNanos = System.nanoTime();

    ObserverService(FlowRing ring, List<LabNode> nodes, LabClock clock, ScheduledExecutorService executor) {
        this.ring = ring;
        this.nodes = nodes;
        this.clock = clock;
        this.executor = executor;
    }

    @Override
    public void getFlows(GetFlowsRequest request, StreamObserver<GetFlowsResponse> responses) {
        ServerCallStreamObserver<GetFlowsResponse> observer = (ServerCallStreamObserver<GetFlowsResponse>) responses;
        FlowFilters filters;
        try {
            if (request.getFirst() && request.getFollow()) {
                throw new IllegalArgumentException("first cannot be combined with follow");
            }
            filters = FlowFilters.compile(request.getWhitelistList(), request.getBlacklistList());
        } catch (IllegalArgumentException e) {
            responses.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            return;
        }
        long since = request.hasSince() ? nanos(request.getSince()) : Long.MIN_VALUE;
        long until = request.hasUntil() ? nanos(request.getUntil()) : Long.MAX_VALUE;
        long head = ring.head();
        long tail = ring.tail();
        long start;
        long limit = 0;
        boolean follow = request.getFollow();
        if (request.getFirst()) {
            start = tail;
            limit = request.getNumber();
        } else if (request.getNumber() > 0) {
            start = lastMatching(request.getNumber(), filters, tail, head, since, until);
        } else if (follow && !request.hasSince()) {
            start = head;
        } else {
            start = tail;
        }
        Instant now = clock.now();
        observer.onNext(GetFlowsResponse.newBuilder()
                .setNodeStatus(NodeStatusEvent.newBuilder().setStateChange(NodeState.NODE_CONNECTED)
                        .addAllNodeNames(nodes.stream().map(LabNode::name).toList()))
                .setTime(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
                .build());
        new FlowStream(ring, observer, filters, executor, clock::now, start, follow, head, since, until, limit)
                .open();
    }

    /** The sequence from which the last {@code number} matching flows follow. */
    private long lastMatching(long number, FlowFilters filters, long tail, long head, long since, long until) {
        long found = 0;
        long sequence = head;
        while (sequence > tail && found < number) {
            FlowRing.Entry entry = ring.read(sequence - 1);
            if (entry == null) {
                break;
            }
            sequence--;
            if (entry.timeNanos() >= since && entry.timeNanos() <= until && filters.matches(entry.flow())) {
                found++;
            }
        }
        return sequence;
    }

    @Override
    public void serverStatus(ServerStatusRequest request, StreamObserver<ServerStatusResponse> responses) {
        responses.onNext(ServerStatusResponse.newBuilder()
                .setNumFlows(ring.size())
                .setMaxFlows(ring.capacity())
                .setSeenFlows(ring.head())
                .setUptimeNs(System.nanoTime() - startedNanos)
                .setNumConnectedNodes(UInt32Value.of(nodes.size()))
                .setNumUnavailableNodes(UInt32Value.of(0))
                .setVersion(VERSION)
                .build());
        responses.onCompleted();
    }

    @Override
    public void getNodes(GetNodesRequest request, StreamObserver<GetNodesResponse> responses) {
        Map<String, long[]> counts = ring.nodeCounts();
        GetNodesResponse.Builder response = GetNodesResponse.newBuilder();
        long uptime = System.nanoTime() - startedNanos;
        for (LabNode node : nodes) {
            long[] count = counts.getOrDefault(node.name(), new long[2]);
            response.addNodes(Node.newBuilder()
                    .setName(node.name())
                    .setVersion(VERSION)
                    .setAddress(node.internalIp() + ":4244")
                    .setState(NodeState.NODE_CONNECTED)
                    .setTls(TLS.newBuilder().setEnabled(false))
                    .setUptimeNs(uptime)
                    .setNumFlows(count[0])
                    .setMaxFlows(ring.capacity())
                    .setSeenFlows(count[1]));
        }
        responses.onNext(response.build());
        responses.onCompleted();
    }

    @Override
    public void getNamespaces(GetNamespacesRequest request, StreamObserver<GetNamespacesResponse> responses) {
        TreeSet<String> namespaces = new TreeSet<>();
        for (long sequence = ring.tail(); sequence < ring.head(); sequence++) {
            FlowRing.Entry entry = ring.read(sequence);
            if (entry != null) {
                add(namespaces, entry.flow().getSource());
                add(namespaces, entry.flow().getDestination());
            }
        }
        GetNamespacesResponse.Builder response = GetNamespacesResponse.newBuilder();
        namespaces.forEach(ns -> response.addNamespaces(Namespace.newBuilder().setNamespace(ns)));
        responses.onNext(response.build());
        responses.onCompleted();
    }

    private static void add(TreeSet<String> namespaces, Endpoint endpoint) {
        if (!endpoint.getNamespace().isEmpty()) {
            namespaces.add(endpoint.getNamespace());
        }
    }

    private static long nanos(Timestamp timestamp) {
        return timestamp.getSeconds() * 1_000_000_000L + timestamp.getNanos();
    }
}
