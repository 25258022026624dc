package io.c2intents.observer.detector;

import io.c2intents.events.Contracts;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Parses and checks {@code observer.detector.*} at start-up ({@link Startup}), so an invalid CIDR or an unreadable
 * or malformed STIX bundle stops the service with a message naming the entry, instead of a detector that silently
 * misses indicators.
 */
@ApplicationScoped
public class DetectorSettingsProducer {

    @Produces
    @Singleton
    @Startup
    DetectorSettings settings(DetectorConfig config) {
        DetectorSettings settings;
        try {
            settings = DetectorSettings.from(config);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Invalid detector configuration: " + e.getMessage(), e);
        }
        // The alert contract's schema validators are built on first use: build them now, not on the event loop.
        Contracts.C2_ALERT.example().ifPresent(Contracts.C2_ALERT::read);
        Log.infof("C2 detector: %d indicators, baseline %s (learning %ds, %d allow-list entries), beaconing %s",
                settings.indicators().size(), settings.baselineEnabled ? "on" : "off",
                settings.learningWindowNanos / 1_000_000_000L, settings.allow.size(),
                settings.beaconingEnabled ? "on" : "off");
        return settings;
    }
}
