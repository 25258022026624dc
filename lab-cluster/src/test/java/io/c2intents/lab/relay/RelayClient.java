package io.c2intents.lab.relay;

import io.c2intents.hubble.observer.GetFlowsRequest;
import io.c2intents.hubble.observer.GetFlowsResponse;
import io.c2intents.hubble.observer.ObserverGrpc;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A plain grpc-java client of the lab's relay, as the observer service and the hubble CLI connect. */
public final class RelayClient implements AutoCloseable {

    private final ManagedChannel channel;

    public RelayClient(String address) {
        this.channel = Grpc.newChannelBuilder(address, InsecureChannelCredentials.create()).build();
    }

    public ObserverGrpc.ObserverBlockingStub blocking() {
        return ObserverGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    public ObserverGrpc.ObserverStub async() {
        return ObserverGrpc.newStub(channel);
    }

    /** Every response of a GetFlows call that ends (no follow). */
    public List<GetFlowsResponse> getFlows(GetFlowsRequest request) {
        List<GetFlowsResponse> responses = new ArrayList<>();
        Iterator<GetFlowsResponse> stream = blocking().getFlows(request);
        stream.forEachRemaining(responses::add);
        return responses;
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
