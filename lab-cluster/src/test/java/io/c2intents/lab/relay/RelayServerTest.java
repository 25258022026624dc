package io.c2intents.lab.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.protobuf.Timestamp;
import io.c2intents.hubble.flow.EventTypeFilter;
import io.c2intents.hubble.flow.Flow;
import io.c2intents.hubble.flow.FlowFilter;
import io.c2intents.hubble.flow.Layer4;
import io.c2intents.hubble.flow.LostEventSource;
import io.c2intents.hubble.flow.TrafficDirection;
import io.c2intents.hubble.flow.Verdict;
import io.c2intents.hubble.json.HubbleJson;
import io.c2intents.hubble.observer.GetFlowsRequest;
import io.c2intents.hubble.observer.GetFlowsResponse;
import io.c2intents.hubble.observer.GetNodesRequest;
import io.c2intents.hubble.observer.GetNodesResponse;
import io.c2intents.hubble.observer.Node;
import io.c2intents.hubble.observer.ServerStatusRequest;
import io.c2intents.hubble.observer.ServerStatusResponse;
import io.c2intents.hubble.relay.NodeState;
import io.c2intents.lab.clock.LabClock;
import io.c2intents.lab.controller.ClusterTopology;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lab's Hubble Relay serving real captured flows ({@code ../shared/data/hubble-flows/}) to a grpc-java client:
 * GetFlows' number/first/since/until/follow and filters answer what Hubble would, ServerStatus and GetNodes count, and
 * a client that stops reading gets {@code lost_events} while the ring keeps going.
 */
class RelayServerTest {

    private static final int CAPACITY = 1023;

    private LabClock clock;
    private FlowRing ring;
    private RelayServer server;
    private RelayClient client;
    private List<Flow> captured;

    @BeforeEach
    void start() throws IOException {
        String dir = System.getProperty("shared.data.dir");
        assumeTrue(dir != null && Files.isDirectory(Path.of(dir, "hubble-flows")),
                "skipped: ../shared/data/hubble-flows not found (system property shared.data.dir)");
        captured = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of(dir, "hubble-flows"))) {
            for (Path file : files.sorted().toList()) {
                for (String line : Files.readAllLines(file)) {
                    if (!line.isBlank()) {
                        GetFlowsResponse response = HubbleJson.parse(line);
                        if (response.hasFlow()) {
                            captured.add(response.getFlow());
                        }
                    }
                }
            }
        }
        captured.sort(Comparator.comparing(f -> f.getTime().getSeconds() * 1_000_000_000L + f.getTime().getNanos()));
        clock = LabClock.stepped(java.time.Instant.parse("2026-01-05T10:00:00Z"));
        ring = new FlowRing(CAPACITY);
        server = RelayServer.start("127.0.0.1", 0, ring, ClusterTopology.of(3).nodes(), clock);
        client = new RelayClient(server.address());
        captured.forEach(ring::accept);
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
            server.close();
            clock.close();
        }
    }

    private List<Flow> flows(GetFlowsRequest request) {
        return client.getFlows(request).stream().filter(GetFlowsResponse::hasFlow).map(GetFlowsResponse::getFlow)
                .toList();
    }

    private List<Flow> where(Predicate<Flow> predicate) {
        return captured.stream().filter(predicate).toList();
    }

    private List<Flow> filtered(FlowFilter.Builder... whitelist) {
        GetFlowsRequest.Builder request = GetFlowsRequest.newBuilder();
        for (FlowFilter.Builder filter : whitelist) {
            request.addWhitelist(filter);
        }
        return flows(request.build());
    }

    @Test
    void withoutNumberOrFollowItReturnsTheWholeBufferInOrderAfterTheNodeStatus() {
        List<GetFlowsResponse> responses = client.getFlows(GetFlowsRequest.getDefaultInstance());

        assertThat(responses.get(0).getNodeStatus().getStateChange()).isEqualTo(NodeState.NODE_CONNECTED);
        assertThat(responses.get(0).getNodeStatus().getNodeNamesList())
                .containsExactly("lab-node-1", "lab-node-2", "lab-node-3");
        assertThat(responses.subList(1, responses.size())).extracting(GetFlowsResponse::getFlow)
                .containsExactlyElementsOf(captured);
        assertThat(responses.get(1).getNodeName()).isEqualTo(captured.get(0).getNodeName());
        assertThat(responses.get(1).getTime()).isEqualTo(captured.get(0).getTime());
    }

    @Test
    void numberGivesTheLastMatchingFlowsAndFirstTheEarliest() {
        FlowFilter.Builder icmp = FlowFilter.newBuilder().addProtocol("icmpv4");
        List<Flow> icmpFlows = where(f -> f.getL4().getProtocolCase() == Layer4.ProtocolCase.ICMPV4);
        assertThat(icmpFlows).hasSizeGreaterThan(10);

        assertThat(flows(GetFlowsRequest.newBuilder().setNumber(5).addWhitelist(icmp).build()))
                .containsExactlyElementsOf(icmpFlows.subList(icmpFlows.size() - 5, icmpFlows.size()));
        assertThat(flows(GetFlowsRequest.newBuilder().setNumber(5).setFirst(true).addWhitelist(icmp).build()))
                .containsExactlyElementsOf(icmpFlows.subList(0, 5));
        assertThat(flows(GetFlowsRequest.newBuilder().setNumber(7).build()))
                .containsExactlyElementsOf(captured.subList(captured.size() - 7, captured.size()));
    }

    @Test
    void sinceAndUntilBoundTheFlowTimes() {
        Flow from = captured.get(100);
        Flow to = captured.get(200);
        long fromNanos = nanos(from.getTime());
        long toNanos = nanos(to.getTime());
        List<Flow> expected = where(f -> nanos(f.getTime()) >= fromNanos && nanos(f.getTime()) <= toNanos);

        assertThat(flows(GetFlowsRequest.newBuilder().setSince(from.getTime()).setUntil(to.getTime()).build()))
                .containsExactlyElementsOf(expected);
    }

    @Test
    void filtersOnPodsIpsLabelsVerdictDirectionAndProtocol() {
        assertThat(filtered(FlowFilter.newBuilder().addSourcePod("bookinfo/reviews-")))
                .isNotEmpty().containsExactlyElementsOf(where(f -> f.getSource().getNamespace().equals("bookinfo")
                        && f.getSource().getPodName().startsWith("reviews-")));
        assertThat(filtered(FlowFilter.newBuilder().addDestinationPod("bookinfo/")))
                .isNotEmpty().containsExactlyElementsOf(where(f -> f.getDestination().getNamespace().equals("bookinfo")
                        && !f.getDestination().getPodName().isEmpty()));
        assertThat(filtered(FlowFilter.newBuilder().addSourceIp("10.244.0.0/24")))
                .isNotEmpty().containsExactlyElementsOf(where(f -> f.getIP().getSource().startsWith("10.244.0.")));
        assertThat(filtered(FlowFilter.newBuilder().addDestinationIp("10.244.0.160")))
                .isNotEmpty().containsExactlyElementsOf(where(f -> f.getIP().getDestination().equals("10.244.0.160")));
        assertThat(filtered(FlowFilter.newBuilder().addSourceLabel("k8s:app=reviews")))
                .isNotEmpty().containsExactlyElementsOf(where(f -> f.getSource().getLabelsList()
                        .contains("k8s:app=reviews")));
        assertThat(filtered(FlowFilter.newBuilder().addSourceLabel("app in (ratings, details)")))
                .isNotEmpty().containsExactlyElementsOf(where(f -> f.getSource().getLabelsList()
                        .contains("k8s:app=ratings") || f.getSource().getLabelsList().contains("k8s:app=details")));
        assertThat(filtered(FlowFilter.newBuilder().addDestinationLabel("reserved:world")))
                .isNotEmpty().containsExactlyElementsOf(where(f -> f.getDestination().getLabelsList()
                        .contains("reserved:world")));
        assertThat(filtered(FlowFilter.newBuilder().addVerdict(Verdict.DROPPED)))
                .isNotEmpty().containsExactlyElementsOf(where(f -> f.getVerdict() == Verdict.DROPPED));
        assertThat(filtered(FlowFilter.newBuilder().addTrafficDirection(TrafficDirection.EGRESS)))
                .isNotEmpty().containsExactlyElementsOf(where(f -> f.getTrafficDirection() == TrafficDirection.EGRESS));
        assertThat(filtered(FlowFilter.newBuilder().addProtocol("TCP").addReply(true)))
                .isNotEmpty().containsExactlyElementsOf(where(f -> f.getL4().hasTCP() && f.hasIsReply()
                        && f.getIsReply().getValue()));
        assertThat(filtered(FlowFilter.newBuilder().addEventType(EventTypeFilter.newBuilder().setType(4)
                .setMatchSubType(true).setSubType(3))))
                .isNotEmpty().containsExactlyElementsOf(where(f -> f.getEventType().getType() == 4
                        && f.getEventType().getSubType() == 3));
        // two whitelist filters are alternatives; a blacklist takes away
        assertThat(filtered(FlowFilter.newBuilder().addProtocol("icmpv4"), FlowFilter.newBuilder()
                .addVerdict(Verdict.DROPPED))).containsExactlyElementsOf(where(f -> f.getL4().hasICMPv4()
                        || f.getVerdict() == Verdict.DROPPED));
        assertThat(flows(GetFlowsRequest.newBuilder().addWhitelist(FlowFilter.newBuilder().addProtocol("icmpv4"))
                .addBlacklist(FlowFilter.newBuilder().addReply(true)).build()))
                .isNotEmpty().containsExactlyElementsOf(where(f -> f.getL4().hasICMPv4()
                        && !(f.hasIsReply() && f.getIsReply().getValue())));
        // fields no lab flow carries match nothing
        assertThat(filtered(FlowFilter.newBuilder().addHttpMethod("GET"))).isEmpty();
    }

    @Test
    void aBadFilterIsRefusedWithInvalidArgument() {
        assertThatThrownBy(() -> filtered(FlowFilter.newBuilder().addSourceIp("10.0.0.0/33")))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("source_ip").contains("10.0.0.0/33");
                });
        assertThatThrownBy(() -> flows(GetFlowsRequest.newBuilder().setFirst(true).setFollow(true).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    }

    @Test
    void followStreamsNewFlowsAsTheyArrive() {
        List<GetFlowsResponse> received = new CopyOnWriteArrayList<>();
        client.async().getFlows(GetFlowsRequest.newBuilder().setFollow(true)
                .addWhitelist(FlowFilter.newBuilder().addProtocol("icmpv4")).build(), new Collecting(received));
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1); // node status only: no backlog

        List<Flow> icmp = where(f -> f.getL4().hasICMPv4());
        captured.forEach(ring::accept);

        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1 + icmp.size());
        assertThat(received.subList(1, received.size())).extracting(GetFlowsResponse::getFlow)
                .containsExactlyElementsOf(icmp);
    }

    @Test
    void aClientThatStopsReadingGetsLostEventsAndEveryFlowIsDeliveredOrCounted() {
        AtomicLong delivered = new AtomicLong();
        AtomicLong lost = new AtomicLong();
        List<GetFlowsResponse> lostEvents = new CopyOnWriteArrayList<>();
        List<GetFlowsResponse> nodeStatus = new CopyOnWriteArrayList<>();
        ClientCallStreamObserver<?>[] call = new ClientCallStreamObserver<?>[1];
        client.async().getFlows(GetFlowsRequest.newBuilder().setFollow(true).build(),
                new ClientResponseObserver<GetFlowsRequest, GetFlowsResponse>() {
                    @Override
                    public void beforeStart(ClientCallStreamObserver<GetFlowsRequest> requestStream) {
                        call[0] = requestStream;
                        requestStream.disableAutoRequestWithInitial(1);
                    }

                    @Override
                    public void onNext(GetFlowsResponse response) {
                        if (response.hasFlow()) {
                            delivered.incrementAndGet();
                        } else if (response.hasNodeStatus()) {
                            nodeStatus.add(response);
                        } else if (response.hasLostEvents()) {
                            lostEvents.add(response);
                            lost.addAndGet(response.getLostEvents().getNumEventsLost());
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        // the node status comes once the server has placed the stream at the ring's head
        await().atMost(Duration.ofSeconds(10)).until(() -> nodeStatus.size() == 1);

        // the client reads nothing while 100 times the ring's size is written; the writer never waits for it
        long published = 0;
        long started = System.nanoTime();
        while (published < 100L * CAPACITY) {
            for (Flow flow : captured) {
                ring.accept(flow);
                published++;
            }
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
        assertThat(ring.size()).isEqualTo(CAPACITY);

        call[0].request(Integer.MAX_VALUE);
        long total = published;
        await().atMost(Duration.ofSeconds(30)).until(() -> delivered.get() + lost.get() == total);
        assertThat(lost.get()).isGreaterThan(total / 2);
        assertThat(delivered.get()).isGreaterThanOrEqualTo(CAPACITY);
        assertThat(lostEvents).allSatisfy(event ->
                assertThat(event.getLostEvents().getSource()).isEqualTo(LostEventSource.HUBBLE_RING_BUFFER));
    }

    @Test
    void serverStatusAndNodesCountTheRing() {
        ServerStatusResponse status = client.blocking().serverStatus(ServerStatusRequest.getDefaultInstance());
        assertThat(status.getNumFlows()).isEqualTo(Math.min(captured.size(), CAPACITY));
        assertThat(status.getMaxFlows()).isEqualTo(CAPACITY);
        assertThat(status.getSeenFlows()).isEqualTo(captured.size());
        assertThat(status.getNumConnectedNodes().getValue()).isEqualTo(3);
        assertThat(status.getNumUnavailableNodes().getValue()).isZero();
        assertThat(status.getUptimeNs()).isPositive();

        GetNodesResponse nodes = client.blocking().getNodes(GetNodesRequest.getDefaultInstance());
        assertThat(nodes.getNodesList()).extracting(Node::getName)
                .containsExactly("lab-node-1", "lab-node-2", "lab-node-3");
        assertThat(nodes.getNodesList()).allSatisfy(node -> {
            assertThat(node.getState()).isEqualTo(NodeState.NODE_CONNECTED);
            assertThat(node.getMaxFlows()).isEqualTo(CAPACITY);
            assertThat(node.getAddress()).endsWith(":4244");
        });
    }

    private static long nanos(Timestamp time) {
        return time.getSeconds() * 1_000_000_000L + time.getNanos();
    }

    /** Collects what a follow stream sends. */
    private record Collecting(List<GetFlowsResponse> into) implements io.grpc.stub.StreamObserver<GetFlowsResponse> {

        @Override
        public void onNext(GetFlowsResponse value) {
            into.add(value);
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onCompleted() {
        }
    }
}
