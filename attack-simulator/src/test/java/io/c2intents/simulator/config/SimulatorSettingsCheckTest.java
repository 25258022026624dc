package io.c2intents.simulator.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad {@code simulator.*} values stop the start-up, each message naming the setting and what is allowed. */
class SimulatorSettingsCheckTest {

    @Test
    void theDefaultsPass() {
        assertThat(SimulatorSettingsCheck.problems(config(Map.of()))).isEmpty();
        assertThat(SimulatorSettingsCheck.problems(config(Map.of("simulator.ping-interval", "30s",
                "simulator.schedule", "*/2 * * * *", "simulator.c2-address", "203.0.113.7")))).isEmpty();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "simulator.namespace       | kube-system  | is protected",
        "simulator.namespace       | c2intents    | is protected",
        "simulator.namespace       | C2_Lab       | is not a Kubernetes namespace name",
        "simulator.namespace       | ../etc       | is not a Kubernetes namespace name",
        "simulator.ping-interval   | 0s           | whole seconds, at least 1s",
        "simulator.ping-interval   | -5s          | whole seconds, at least 1s",
        "simulator.ping-interval   | 1500ms       | whole seconds, at least 1s",
        "simulator.rollout-timeout | -1s          | longer than 0s",
        "simulator.rollout-timeout | 0s           | longer than 0s",
        "simulator.exec-timeout    | -30s         | longer than 0s",
        "simulator.c2-address      | 1.1.1.256    | not a dotted IPv4 address",
        "simulator.c2-address      | 1.1.1.1;id   | not a dotted IPv4 address",
        "simulator.schedule        | * * * *      | not five cron fields",
        "simulator.schedule        | \"* * * * *'; reboot; echo '\" | not five cron fields",
    })
    void aBadValueIsRefusedNamingTheSetting(String setting, String value, String allowed) {
        assertThat(SimulatorSettingsCheck.problems(config(Map.of(setting, value)))).singleElement()
                .satisfies(problem -> assertThat(problem).startsWith(setting + ": ").contains(allowed));
    }

    @Test
    void theProtectedNamespacesAreASetting() {
        SimulatorConfig config = config(Map.of("simulator.protected-namespaces", "kube-system, prod"));
        assertThat(SimulatorSettingsCheck.isProtected(config, "prod")).isTrue();
        assertThat(SimulatorSettingsCheck.isProtected(config, "kube-system")).isTrue();
        assertThat(SimulatorSettingsCheck.isProtected(config, "c2-lab")).isFalse();
        assertThat(SimulatorSettingsCheck.isProtected(config(Map.of()), "kube-node-lease")).isTrue();
    }

    private static SimulatorConfig config(Map<String, String> values) {
        return new SmallRyeConfigBuilder()
                .withMapping(SimulatorConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(values, "settings-check-test", 500))
                .build().getConfigMapping(SimulatorConfig.class);
    }
}
