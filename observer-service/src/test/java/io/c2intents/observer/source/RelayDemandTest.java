package io.c2intents.observer.source;

import io.c2intents.hubble.observer.GetFlowsRequest;
import io.c2intents.hubble.observer.GetFlowsResponse;
import io.c2intents.hubble.observer.ObserverGrpc;
import io.c2intents.observer.config.ObserverConfig;
import io.c2intents.observer.metrics.ObserverMetrics;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demand the Relay source grants: in batches (not grpc-java's one message at a time, which held the lab's relay
 * to a third of its rate), and never more than one batch beyond what the downstream (Kafka, in the service) has
 * taken, so a stalled broker stops the stream instead of filling memory. A client interceptor records every
 * {@code request(n)} the call makes; a gRPC server in the test streams flows as fast as flow control lets it.
 */
class RelayDemandTest {

    private static final int BATCH = 64;
    private static final int FLOWS = 3_000;

    private final TestFlows testFlows = new TestFlows();
    private final DemandRecorder demand = new DemandRecorder();
    private Server server;
    private RelayFlowSource source;

    @BeforeEach
    void startRelay() throws IOException {
        List<GetFlowsResponse> responses = new ArrayList<>();
        for (int i = 0; i < FLOWS; i++) {
            responses.add(GetFlowsResponse.newBuilder().setFlow(testFlows.flow(i)).build());
        }
        server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                .addService(new StreamingRelay(responses)).build().start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (source != null) {
            source.close();
        }
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void asksRelayForFlowsInBatchesRatherThanOneAtATime() {
        source = source(BATCH);
        AssertSubscriber<FlowRecord> kafka = source.flows().subscribe().withSubscriber(AssertSubscriber.create(
                Long.MAX_VALUE));

        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> kafka.getItems().size() == FLOWS);

        // One batch up front, then half a batch per half batch taken: FLOWS / 32 + 1 requests, not FLOWS.
        assertThat(demand.requests).first().isEqualTo(BATCH);
        assertThat(demand.requests).hasSizeLessThanOrEqualTo(FLOWS / (BATCH / 2) + 1)
                .allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(BATCH / 2));
        assertThat(kafka.getItems()).extracting(FlowRecord::key)
                .containsExactlyElementsOf(IntStream.range(0, FLOWS).mapToObj(testFlows::key)
                        .toList());
    }

    @Test
    void asksForAtMostOneBatchMoreThanTheDownstreamTook() {
        source = source(BATCH);
        AssertSubscriber<FlowRecord> kafka = source.flows().subscribe().withSubscriber(AssertSubscriber.create(0));
        demand.downstreamTaken = () -> kafka.getItems().size();

        kafka.request(100);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> kafka.getItems().size() == 100);
        // A stalled downstream: 100 taken, and what was granted is still within one batch of that.
        assertThat(demand.granted()).isLessThanOrEqualTo(100 + BATCH);

        kafka.request(FLOWS - 100);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> kafka.getItems().size() == FLOWS);

        // Every grant, at the moment it was made, stayed within one batch of what the downstream had taken.
        assertThat(demand.aheadOfDownstream).isNotEmpty().allSatisfy(ahead -> assertThat(ahead)
                .isLessThanOrEqualTo(BATCH));
        assertThat(demand.granted()).isLessThanOrEqualTo(FLOWS + BATCH);
    }

    @Test
    void demandBatchOfOneAsksForEachMessage() {
        source = source(1);
        AssertSubscriber<FlowRecord> kafka = source.flows().subscribe().withSubscriber(AssertSubscriber.create(
                Long.MAX_VALUE));

        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> kafka.getItems().size() == FLOWS);

        assertThat(demand.requests).hasSizeGreaterThanOrEqualTo(FLOWS).allSatisfy(n -> assertThat(n).isEqualTo(1));
    }

    private RelayFlowSource source(int batch) {
        ObserverConfig config = new SmallRyeConfigBuilder()
                .withMapping(ObserverConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(Map.of(
                        "observer.relay.address", "127.0.0.1:" + server.getPort(),
                        "observer.relay.demand-batch", Integer.toString(batch)), "relay-demand-test", 500))
                .build().getConfigMapping(ObserverConfig.class);
        return new RelayFlowSource(config.relay(), new ObserverMetrics(new SimpleMeterRegistry()), demand);
    }

    /** Records each {@code request(n)} of the GetFlows calls, and how far ahead of the downstream it put demand. */
    private static final class DemandRecorder implements ClientInterceptor {
        final List<Integer> requests = new CopyOnWriteArrayList<>();
        final List<Integer> aheadOfDownstream = new CopyOnWriteArrayList<>();
        private final AtomicInteger total = new AtomicInteger();
        volatile IntSupplier downstreamTaken = () -> 0;

        int granted() {
            return total.get();
        }

        @Override
        public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options,
                                                     Channel next) {
            return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
                @Override
                public void request(int n) {
                    requests.add(n);
                    aheadOfDownstream.add(total.addAndGet(n) - downstreamTaken.getAsInt());
                    super.request(n);
                }
            };
        }
    }

    /** Streams its flows to each GetFlows call as fast as the call's flow control allows, then stays open. */
    private static final class StreamingRelay extends ObserverGrpc.ObserverImplBase {
        private final List<GetFlowsResponse> responses;

        StreamingRelay(List<GetFlowsResponse> responses) {
            this.responses = responses;
        }

        @Override
        public void getFlows(GetFlowsRequest request, StreamObserver<GetFlowsResponse> out) {
            ServerCallStreamObserver<GetFlowsResponse> call = (ServerCallStreamObserver<GetFlowsResponse>) out;
            int[] next = {0};
            call.setOnReadyHandler(() -> {
                while (call.isReady() && next[0] < responses.size()) {
                    call.onNext(responses.get(next[0]++));
                }
            });
            call.setOnCancelHandler(() -> { });
        }
    }
}
