package io.c2intents.observer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.c2intents.observer.metrics.ObserverMetrics;
import io.c2intents.observer.source.FlowSourceProducerAccess;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad {@code observer.*} values are refused before a source is built, each message naming the setting. */
class ObserverSettingsCheckTest {

    @Test
    void theDefaultsAndTheShippedExamplesPass() {
        assertThat(ObserverSettingsCheck.problems(config(Map.of()))).isEmpty();
        assertThat(ObserverSettingsCheck.problems(config(Map.of("observer.source", "file",
                "observer.file.path", "/tmp/flows.json", "observer.file.pace", "captured",
                "observer.file.speed", "10", "observer.file.glob", "events*.log")))).isEmpty();
        assertThat(ObserverSettingsCheck.problems(config(Map.of("observer.relay.keep-alive", "0s",
                "observer.relay.demand-batch", "1")))).isEmpty();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "relay | observer.max-flow-time-ahead   | -1h  | PT-1H | longer than 0s",
        "relay | observer.relay.backoff-initial | -1s  | PT-1S | longer than 0s",
        "relay | observer.relay.backoff-initial | 0s   | PT0S  | longer than 0s",
        "relay | observer.relay.backoff-max     | 100ms| PT0.1S| at least as long",
        "relay | observer.relay.lookback        | -5m  | PT-5M | 0s or longer",
        "relay | observer.relay.keep-alive      | -1s  | PT-1S | 0s or longer",
        "relay | observer.relay.dedupe-capacity | -1   | -1    | between 1 and",
        "relay | observer.relay.dedupe-capacity | 0    | 0     | between 1 and",
        "relay | observer.relay.demand-batch    | 0    | 0     | between 1 and",
        "file  | observer.file.speed            | 0    | 0.0   | finite number above 0",
        "file  | observer.file.speed            | -2   | -2.0  | finite number above 0",
        "file  | observer.file.speed            | NaN  | NaN   | finite number above 0",
        "stdin | observer.file.speed            | Infinity | Infinity | finite number above 0",
        "file  | observer.file.poll-interval    | -1s  | PT-1S | longer than 0s",
        "file  | observer.file.poll-interval    | 0s   | PT0S  | longer than 0s",
        "file  | observer.file.max-line-bytes   | 0    | 0     | between 1024 and",
        "stdin | observer.file.max-line-bytes   | -5   | -5    | between 1024 and",
        "file  | observer.file.glob             | [    | '['   | is not a glob",
    })
    void aBadValueIsRefusedNamingTheSettingAndWhatIsAllowed(String source, String setting, String value,
            String shown, String allowed) {
        Map<String, String> values = new HashMap<>(Map.of("observer.source", source, setting, value));
        if (source.equals("file")) {
            values.put("observer.file.path", "/tmp/flows.json");
        }
        assertThat(ObserverSettingsCheck.problems(config(values))).singleElement().satisfies(problem -> {
            assertThat(problem).startsWith(setting + ": " + shown + " ");
            assertThat(problem).contains(allowed);
        });
    }

    @Test
    void aFileSourceWithoutAPathIsRefused() {
        assertThat(ObserverSettingsCheck.problems(config(Map.of("observer.source", "file"))))
                .singleElement().asString().startsWith("observer.file.path: missing");
    }

    @Test
    void settingsOfASourceNotChosenAreNotLookedAt() {
        assertThat(ObserverSettingsCheck.problems(config(Map.of("observer.source", "relay",
                "observer.file.speed", "0", "observer.file.glob", "[")))).isEmpty();
        assertThat(ObserverSettingsCheck.problems(config(Map.of("observer.source", "none",
                "observer.relay.backoff-initial", "-1s")))).isEmpty();
    }

    @Test
    void theSourceIsNotBuiltWithABadSettingAndTheErrorNamesEveryProblem() {
        ObserverConfig bad = config(Map.of("observer.source", "file", "observer.file.path", "/tmp/flows.json",
                "observer.file.speed", "0", "observer.file.poll-interval", "-1s"));
        assertThatThrownBy(() -> FlowSourceProducerAccess.build(bad,
                new ObserverMetrics(new SimpleMeterRegistry())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Invalid observer configuration: ")
                .hasMessageContaining("observer.file.speed: 0.0")
                .hasMessageContaining("observer.file.poll-interval: PT-1S");
    }

    private static ObserverConfig config(Map<String, String> values) {
        return new SmallRyeConfigBuilder()
                .withMapping(ObserverConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(values, "settings-check-test", 500))
                .build().getConfigMapping(ObserverConfig.class);
    }
}
