package io.c2intents.observer.source;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** Starts a {@link FakeRelay} before the observer and points {@code observer.relay.address} at it. */
public class FakeRelayResource implements QuarkusTestResourceLifecycleManager {

    static volatile FakeRelay relay;

    @Override
    public Map<String, String> start() {
        relay = new FakeRelay();
        relay.start();
        return Map.of(
                "observer.source", "relay",
                "observer.relay.address", "127.0.0.1:" + relay.port,
                "observer.relay.backoff-initial", "100ms",
                "observer.relay.backoff-max", "1s");
    }

    @Override
    public void stop() {
        if (relay != null) {
            relay.stop();
        }
    }
}
