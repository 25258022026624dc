package io.c2intents.observer.source;

import io.c2intents.observer.config.ObserverConfig;
import io.c2intents.observer.config.ObserverSettingsCheck;
import io.c2intents.observer.metrics.ObserverMetrics;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

import java.time.Clock;

/** Builds the one flow source {@code observer.source} names. */
@ApplicationScoped
public class FlowSourceProducer {

    @Produces
    @ApplicationScoped
    FlowSource flowSource(ObserverConfig config, ObserverMetrics metrics) {
        // built when the publisher starts, so a bad setting stops the start-up here instead of the reading thread later
        ObserverSettingsCheck.require(config);
        FlowTimeBound bound = new FlowTimeBound(config.maxFlowTimeAhead(), Clock.systemUTC());
        return switch (config.source()) {
            case RELAY -> new RelayFlowSource(config.relay(), metrics, bound);
            case FILE -> FileFlowSource.ofPath(config.file(), metrics, bound);
            case STDIN -> FileFlowSource.ofStream(config.file(), metrics, System.in, bound);
            case NONE -> new NoFlowSource();
        };
    }

    void close(@Disposes FlowSource source) {
        source.close();
    }

    /** {@code observer.source=none}: an observer that only runs its detector on flows others publish. */
    static final class NoFlowSource implements FlowSource {
        @Override
        public String name() {
            return "no source";
        }

        @Override
        public Multi<FlowRecord> flows() {
            return Multi.createFrom().empty();
        }

        @Override
        public SourceStatus status() {
            return SourceStatus.up("no flow source configured (observer.source=none)");
        }

        @Override
        public void close() {
        }
    }
}
