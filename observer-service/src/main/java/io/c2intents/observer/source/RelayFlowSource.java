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
import io.grpc.ConnectivityState;
import io.grpc.Context;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Flows from Hubble Relay: {@code observer.Observer/GetFlows} with {@code follow}, the configured whitelist and
 * blacklist, over plaintext or TLS. When the stream breaks or ends it reconnects with exponential backoff and asks
 * for the flows {@code since} the last flow time it saw, dropping the ones it already published. Node status and
 * lost events are counted and logged, never published.
 */
public final class RelayFlowSource implements FlowSource {

    private final ObserverConfig.Relay config;
    private final ObserverMetrics metrics;
    private final List<FlowFilter> whitelist;
    private final List<FlowFilter> blacklist;
    private final ManagedChannel channel;
    private final RecentFlows recent;
    private volatile boolean closed;
    private volatile boolean streaming;
    private volatile String lastProblem = "not connected yet";
    /** Time of the latest flow seen, the resume point; NONE before the first flow. */
    private volatile long lastFlowNanos = HubbleTime.NONE;

    public RelayFlowSource(ObserverConfig.Relay config, ObserverMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
        this.whitelist = filters(config.whitelist().orElse(List.of()), "observer.relay.whitelist");
        this.blacklist = filters(config.blacklist().orElse(List.of()), "observer.relay.blacklist");
        this.recent = new RecentFlows(config.dedupeCapacity());
        this.channel = channel(config);
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
        ObserverGrpc.ObserverBlockingStub stub = ObserverGrpc.newBlockingStub(channel);
        Duration backoff = config.backoffInitial();
        boolean firstStream = true;
        while (!closed) {
            GetFlowsRequest request = request(firstStream);
            Context.CancellableContext call = Context.current().withCancellation();
            try {
                Iterator<GetFlowsResponse> responses = call.call(() -> stub.getFlows(request));
                Log.infof("Asking %s for flows%s", name(), request.hasSince()
                        ? " since " + HubbleTime.toInstant(HubbleTime.toNanos(request.getSince())) : "");
                streaming = true;
                while (responses.hasNext()) {
                    GetFlowsResponse response = responses.next();
                    backoff = config.backoffInitial();
                    handle(response, sink);
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
                call.cancel(null);
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
                long time = HubbleTime.toNanos(flow.hasTime() ? flow.getTime() : response.getTime());
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

    private static ManagedChannel channel(ObserverConfig.Relay config) {
        ChannelCredentials credentials = config.tls().enabled() ? tls(config.tls()) : InsecureChannelCredentials.create();
        ManagedChannelBuilder<?> builder = Grpc.newChannelBuilder(config.address(), credentials)
                .maxInboundMessageSize(16 * 1024 * 1024);
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
