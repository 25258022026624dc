package io.c2intents.observer.detector;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The start-up check of {@code observer.detector.*}: defaults, and refusals that name the entry. */
class DetectorSettingsTest {

    @TempDir
    Path dir;

    private static DetectorSettings settings(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(DetectorConfig.class)
                .withConverter(java.time.Duration.class, 200, new io.quarkus.runtime.configuration.DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build();
        return DetectorSettings.from(config.getConfigMapping(DetectorConfig.class));
    }

    @Test
    void defaultsWatchTheReferenceScenariosC2Address() {
        DetectorSettings settings = settings(Map.of());
        assertThat(settings.indicators().size()).isEqualTo(1);
        assertThat(settings.indicators().match("1.1.1.1", 0)).isNotNull();
        assertThat(settings.learningWindowNanos).isEqualTo(300_000_000_000L);
        assertThat(settings.contactGapNanos).isEqualTo(10_000_000_000L);
        assertThat(settings.minContacts).isEqualTo(5);
    }

    @Test
    void allowListsAreReadPerWorkload() {
        DetectorSettings settings = settings(Map.of(
                "observer.detector.baseline.allow.\"c2-lab/benign\"", "8.8.8.8,9.9.9.0/24",
                "observer.detector.baseline.allow.\"c2-lab/*\"", "4.4.4.4"));
        assertThat(settings.allowed("c2-lab", "c2-lab/benign")).extracting(Cidr::toString)
                .containsExactly("8.8.8.8", "9.9.9.0/24", "4.4.4.4");
        assertThat(settings.allowed("other", "other/x")).isEmpty();
    }

    @Test
    void anInvalidCidrIsNamedWithItsSetting() {
        assertThatThrownBy(() -> settings(Map.of("observer.detector.indicators.addresses", "1.1.1.1,10.0.0.0/33")))
                .hasMessageContaining("observer.detector.indicators.addresses[1]")
                .hasMessageContaining("10.0.0.0/33");
        assertThatThrownBy(() -> settings(Map.of("observer.detector.baseline.allow.\"c2-lab/benign\"", "8.8.8.x")))
                .hasMessageContaining("observer.detector.baseline.allow.\"c2-lab/benign\"")
                .hasMessageContaining("8.8.8.x");
        assertThatThrownBy(() -> settings(Map.of("observer.detector.baseline.allow.\"Bad Key\"", "8.8.8.8")))
                .hasMessageContaining("namespace/workload");
    }

    @Test
    void anUnreadableOrMalformedStixBundleIsNamed() throws IOException {
        Path missing = dir.resolve("feed.json");
        assertThatThrownBy(() -> settings(Map.of("observer.detector.indicators.stix-bundles", missing.toString())))
                .hasMessageContaining("observer.detector.indicators.stix-bundles")
                .hasMessageContaining(missing.toString());
        Path broken = Files.writeString(dir.resolve("broken.json"), "[1,2");
        assertThatThrownBy(() -> settings(Map.of("observer.detector.indicators.stix-bundles", broken.toString())))
                .hasMessageContaining(broken.toString()).hasMessageContaining("not JSON");
    }

    @Test
    void theSharedStixBundleLoadsBesideTheConfiguredAddresses() {
        Path bundle = io.c2intents.testsupport.SharedData.require(StixBundlesTest.OASIS_BUNDLE);
        DetectorSettings settings = settings(Map.of("observer.detector.indicators.stix-bundles", bundle.toString()));
        assertThat(settings.indicators().size()).isEqualTo(2);
        assertThat(settings.indicators().match("10.0.0.0", Long.MAX_VALUE - 1).name())
                .isEqualTo("Known malicious IP Address");
    }
}
