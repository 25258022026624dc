package io.c2intents.mitigation;

import io.c2intents.mitigation.config.MitigationConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;

/** The service's settings with their defaults, for plain unit tests that build the pure parts by hand. */
public final class TestConfig {

    private TestConfig() {
    }

    public static MitigationConfig defaults() {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(MitigationConfig.class)
                // Quarkus reads durations like 30s and 200ms; plain SmallRye only ISO-8601
                .withConverter(Duration.class, 200, new DurationConverter())
                .build();
        return config.getConfigMapping(MitigationConfig.class);
    }
}
