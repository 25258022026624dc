package io.c2intents.observer.source;

import io.c2intents.observer.config.ObserverConfig;
import io.c2intents.observer.metrics.ObserverMetrics;

/** Lets tests of other packages build a source the way the service does. */
public final class FlowSourceProducerAccess {

    private FlowSourceProducerAccess() {
    }

    public static FlowSource build(ObserverConfig config, ObserverMetrics metrics) {
        return new FlowSourceProducer().flowSource(config, metrics);
    }
}
