package io.c2intents.observer.source;

import io.c2intents.hubble.flow.Flow;
import io.c2intents.hubble.flow.FlowFilter;
import io.c2intents.hubble.json.FlowKeys;
import io.c2intents.hubble.json.HubbleJson;
import io.c2intents.hubble.json.HubbleJsonException;
import io.c2intents.hubble.json.HubbleTime;
import io.c2intents.hubble.observer.GetFlowsRequest;
import io.c2intents.hubble.observer.GetFlowsResponse;
import io.c2intents.hubble.observer.ObserverGrpc;
import io.c2intents.hubble.relay.NodeState;
import io.c2intents.hubble.relay.NodeStatusEvent;
import io.c2intents.observer.config.ObserverConfig;
import io.c2intents.observer.metrics.ObserverMetrics;
import io.grpc.ChannelCredentials;
import io.grpc.ClientInterceptor;
import io.grpc.ConnectivityState;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Flows from Hubble Relay: {@code observer.Observer/GetFlows} with {@code follow}, the configured whitelist and
 * blacklist, over plaintext or TLS. When the stream breaks or ends it reconnects with exponential backoff and asks
 * for the flows {@code since} the last flow time it saw, dropping the ones it already published. Node status and
 * lost events are counted and logged, never published.
 *
 * <p>Demand is granted in batches ({@code observer.relay.demand-batch}): the call asks for a batch of messages,
 * then for half a batch each time half a batch has been handed on to Kafka. grpc-java's default, one request per
 * message, costs a thread hop per flow and delivered about a third as many flows/s from the lab relay. Since more
 * is asked for only once Kafka took what came before, a slow broker stops the stream (Relay then reports
 * {@code lost_events}, which are counted) instead of filling memory: at most one batch waits between gRPC and
 * Kafka.
 */
public final class RelayFlowSource implements FlowSource {

    private final ObserverConfig.Relay config;
    private final ObserverMetrics metrics;
    private final List<FlowFilter> whitelist;
    private final List<FlowFilter> blacklist;
    private final ManagedChannel channel;
    private final RecentFlows recent;
    private final FlowTimeBound timeBound;
    private long badTimes;
    private volatile boolean closed;
    private volatile boolean streaming;
    private volatile String lastProblem = "not connected yet";
    /** Time of the latest flow seen, the resume point; NONE before the first flow. */
    private volatile long lastFlowNanos = HubbleTime.NONE;

    public RelayFlowSource(ObserverConfig.Relay config, ObserverMetrics metrics) {
        this(config, metrics, FlowTimeBound.DEFAULT);
    }

    /** Refusing flows later than the bound allows. */
    public RelayFlowSource(ObserverConfig.Relay config, ObserverMetrics metrics, FlowTimeBound timeBound) {
        this(config, metrics, timeBound, new ClientInterceptor[0]);
    }

    /** With interceptors on the channel, so that a test can watch the demand the calls grant. */
    RelayFlowSource(ObserverConfig.Relay config, ObserverMetrics metrics, ClientInterceptor... interceptors) {
        this(config, metrics, FlowTimeBound.DEFAULT, interceptors);
    }

    RelayFlowSource(ObserverConfig.Relay config, ObserverMetrics metrics, FlowTimeBound timeBound,
            ClientInterceptor... interceptors) {
        this.timeBound = timeBound;
        if (config.demandBatch() < 1) {
            throw new IllegalArgumentException("observer.relay.demand-batch must be at least 1, not "
                    + config.demandBatch());
        }
        this.config = config;
        this.metrics = metrics;
        this.whitelist = filters(config.whitelist().orElse(List.of()), "observer.relay.whitelist");
        this.blacklist = filters(config.blacklist().orElse(List.of()), "observer.relay.blacklist");
        this.recent = new RecentFlows(config.dedupeCapacity());
        this.channel = channel(config, interceptors);
    }

    @Override
    public String name() {
        return "relay " + config.address() + (config.tls().enabled() ? " (TLS)" : "");
    }

    @Override
    public Multi<FlowRecord> flows() {
        return Pump.of("hubble-relay-flows", this::run);
    }

    @Override
    public SourceStatus status() {
        ConnectivityState state = channel.getState(false);
        if (streaming && state == ConnectivityState.READY) {
            return SourceStatus.up("streaming flows from " + name());
        }
        return SourceStatus.down(name() + " is " + state + ": " + lastProblem);
    }

    @Override
    public void close() {
        closed = true;
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run(Pump.Sink<FlowRecord> sink) throws InterruptedException {
        ObserverGrpc.ObserverStub stub = ObserverGrpc.newStub(channel);
        Duration backoff = config.backoffInitial();
        boolean firstStream = true;
        while (!closed) {
            GetFlowsRequest request = request(firstStream);
            Stream stream = new Stream(config.demandBatch());
            try {
                stub.getFlows(request, stream);
                Log.infof("Asking %s for flows%s", name(), request.hasSince()
                        ? " since " + HubbleTime.toInstant(HubbleTime.toNanos(request.getSince())) : "");
                streaming = true;
                GetFlowsResponse response;
                while ((response = stream.next()) != null) {
                    backoff = config.backoffInitial();
                    handle(response, sink);
                    stream.handedOn();
                }
                lastProblem = "Relay ended the stream";
                Log.warnf("%s ended the flow stream; reconnecting", name());
            } catch (StatusRuntimeException e) {
                if (closed || Thread.currentThread().isInterrupted()) {
                    // Shutting down (channel closed or subscriber gone), not a broken stream.
                    break;
                }
                lastProblem = e.getStatus().getCode() + " " + e.getStatus().getDescription();
                Log.warnf("Flow stream from %s broke (%s); reconnecting in %s", name(), lastProblem, backoff);
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                if (closed) {
                    break;
                }
                lastProblem = e.toString();
                Log.errorf(e, "Flow stream from %s failed; reconnecting in %s", name(), backoff);
            } finally {
                streaming = false;
                stream.cancel();
            }
            if (closed) {
                break;
            }
            firstStream = false;
            sleepWithJitter(backoff);
            backoff = backoff.multipliedBy(2).compareTo(config.backoffMax()) > 0 ? config.backoffMax()
                    : backoff.multipliedBy(2);
            metrics.reconnected();
        }
    }

    private GetFlowsRequest request(boolean firstStream) {
        GetFlowsRequest.Builder request = GetFlowsRequest.newBuilder().setFollow(true)
                .addAllWhitelist(whitelist).addAllBlacklist(blacklist);
        long resume = lastFlowNanos;
        if (resume != HubbleTime.NONE) {
            request.setSince(HubbleTime.toTimestamp(resume));
        } else if (firstStream && !config.lookback().isZero()) {
            request.setSince(HubbleTime.toTimestamp(HubbleTime.toNanos(Instant.now().minus(config.lookback()))));
        }
        return request.build();
    }

    private void handle(GetFlowsResponse response, Pump.Sink<FlowRecord> sink) throws InterruptedException {
        switch (response.getResponseTypesCase()) {
            case FLOW -> {
                Flow flow = response.getFlow();
                // checked before the resume point moves: one flow from 2999 would make every reconnect ask Relay
                // for flows since 2999
                long time;
                String refusal;
                try {
                    time = HubbleTime.toNanos(flow.hasTime() ? flow.getTime() : response.getTime());
                    refusal = timeBound.refusal(time, lastFlowNanos);
                } catch (HubbleJsonException e) {
                    time = HubbleTime.NONE;
                    refusal = e.getMessage();
                }
                if (refusal != null) {
                    metrics.badFlowTime();
                    badTimes++;
                    if (badTimes <= 100 || badTimes % 1000 == 0) { // the first ones, then one in a thousand
                        Log.warnf("Flow from %s (node %s) skipped: %s", name(), response.getNodeName(), refusal);
                    }
                    return;
                }
                if (!recent.firstSighting(flow)) {
                    metrics.duplicateDropped();
                    return;
                }
                metrics.flowReceived();
                if (lastFlowNanos == HubbleTime.NONE || time > lastFlowNanos) {
                    lastFlowNanos = time;
                }
                String value;
                try {
                    value = HubbleJson.write(response);
                } catch (HubbleJsonException e) {
                    metrics.parseError();
                    Log.warnf("Flow from %s cannot be written as JSON, skipped: %s", name(), e.getMessage());
                    return;
                }
                sink.emit(new FlowRecord(FlowKeys.podKey(flow), value, time, "relay"));
            }
            case NODE_STATUS -> nodeStatus(response.getNodeStatus());
            case LOST_EVENTS -> {
                var lost = response.getLostEvents();
                metrics.lostEvents(lost.getSource().name(), lost.getNumEventsLost());
                Log.warnf("Hubble lost %d events (%s%s) on %s", lost.getNumEventsLost(), lost.getSource(),
                        lost.hasCpu() ? ", cpu " + lost.getCpu().getValue() : "", response.getNodeName());
            }
            default -> metrics.otherEvent();
        }
    }

    private void nodeStatus(NodeStatusEvent status) {
        metrics.nodeStatus(status.getStateChange().name());
        if (status.getStateChange() == NodeState.NODE_CONNECTED) {
            Log.infof("Relay: nodes %s connected", status.getNodeNamesList());
        } else {
            Log.warnf("Relay: nodes %s %s%s", status.getNodeNamesList(), status.getStateChange(),
                    status.getMessage().isEmpty() ? "" : ": " + status.getMessage());
        }
    }

    /**
     * One {@code GetFlows} call read by the source's thread. gRPC's callbacks only queue what arrives (they never
     * block the transport); the reading thread takes it from the queue and grants more demand, half a batch at a
     * time, only for messages it has handed on. So the queue never holds more than one batch.
     */
    private static final class Stream implements ClientResponseObserver<GetFlowsRequest, GetFlowsResponse> {

        private static final Object COMPLETED = new Object();

        private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        private final int batch;
        private final int refill;
        private volatile ClientCallStreamObserver<GetFlowsRequest> call;
        /** Messages handed on since demand was last granted; touched by the reading thread only. */
        private int handedOn;

        Stream(int batch) {
            this.batch = batch;
            this.refill = Math.max(1, batch / 2);
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<GetFlowsRequest> requestStream) {
            call = requestStream;
            requestStream.disableAutoRequestWithInitial(batch);
        }

        @Override
        public void onNext(GetFlowsResponse response) {
            inbox.add(response);
        }

        @Override
        public void onError(Throwable failure) {
            inbox.add(failure);
        }

        @Override
        public void onCompleted() {
            inbox.add(COMPLETED);
        }

        /** The next message; null when Relay ended the stream; throws when it broke. */
        GetFlowsResponse next() throws InterruptedException {
            Object next = inbox.take();
            if (next instanceof GetFlowsResponse response) {
                return response;
            }
            if (next == COMPLETED) {
                return null;
            }
            throw Status.fromThrowable((Throwable) next).asRuntimeException();
        }

        /** The last message left this source (Kafka took the flow, or it was counted and dropped). */
        void handedOn() {
            if (++handedOn == refill) {
                handedOn = 0;
                call.request(refill);
            }
        }

        void cancel() {
            ClientCallStreamObserver<GetFlowsRequest> started = call;
            if (started != null) {
                started.cancel("the observer stopped reading this stream", null);
            }
        }
    }

    private void sleepWithJitter(Duration backoff) throws InterruptedException {
        long millis = backoff.toMillis();
        // +-20 % so that several observers do not hammer a restarted Relay in step.
        long jitter = millis / 5;
        Thread.sleep(Math.max(1, millis + (jitter > 0 ? ThreadLocalRandom.current().nextLong(-jitter, jitter) : 0)));
    }

    private static List<FlowFilter> filters(List<String> json, String property) {
        return json.stream().map(text -> {
            try {
                return HubbleJson.parseFilter(text);
            } catch (HubbleJsonException e) {
                throw new IllegalArgumentException(property + ": " + e.getMessage(), e);
            }
        }).toList();
    }

    private static ManagedChannel channel(ObserverConfig.Relay config, ClientInterceptor... interceptors) {
        ChannelCredentials credentials = config.tls().enabled() ? tls(config.tls()) : InsecureChannelCredentials.create();
        ManagedChannelBuilder<?> builder = Grpc.newChannelBuilder(config.address(), credentials)
                .maxInboundMessageSize(16 * 1024 * 1024)
                // The callbacks only queue (Stream): running them on the transport thread saves a hop per message.
                .directExecutor()
                .intercept(interceptors);
        config.tls().serverName().ifPresent(builder::overrideAuthority);
        if (!config.keepAlive().isZero()) {
            builder.keepAliveTime(config.keepAlive().toMillis(), TimeUnit.MILLISECONDS);
        }
        return builder.build();
    }

    private static ChannelCredentials tls(ObserverConfig.Tls tls) {
        try {
            TlsChannelCredentials.Builder builder = TlsChannelCredentials.newBuilder();
            if (tls.caCert().isPresent()) {
                builder.trustManager(tls.caCert().get().toFile());
            }
            if (tls.clientCert().isPresent() != tls.clientKey().isPresent()) {
                throw new IllegalArgumentException("observer.relay.tls.client-cert and client-key go together");
            }
            if (tls.clientCert().isPresent()) {
                builder.keyManager(tls.clientCert().get().toFile(), tls.clientKey().get().toFile());
            }
            return builder.build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the TLS files of observer.relay.tls: " + e.getMessage(), e);
        }
    }
}
