package io.c2intents.observer.detector;

import io.c2intents.hubble.json.HubbleTime;
import io.c2intents.testsupport.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** STIX 2.1 bundles: the real OASIS example, the pattern shapes used for IP feeds, and broken files. */
class StixBundlesTest {

    static final String OASIS_BUNDLE = "stix/oasis-cti-documentation__using-marking-definitions.json";

    @TempDir
    Path dir;

    @Test
    void theOasisExampleBundleYieldsItsIpv4Indicator() {
        Path bundle = SharedData.require(OASIS_BUNDLE);
        List<Indicator> indicators = StixBundles.read(bundle);
        assertThat(indicators).singleElement().satisfies(i -> {
            assertThat(i.network().toString()).isEqualTo("10.0.0.0");
            assertThat(i.name()).isEqualTo("Known malicious IP Address");
            assertThat(i.source()).isEqualTo("stix:oasis-cti-documentation__using-marking-definitions.json"
                    + "#indicator--33fe3b22-0201-47cf-85d0-97c02164528d");
            assertThat(i.validFromNanos()).isEqualTo(HubbleTime.parseNanos("2017-04-14T13:07:49.812Z"));
            assertThat(i.validUntilNanos()).isEqualTo(Long.MAX_VALUE);
        });
        IndicatorSet set = new IndicatorSet(indicators);
        assertThat(set.match("10.0.0.0", HubbleTime.toNanos(Instant.parse("2026-01-01T00:00:00Z")))).isNotNull();
        assertThat(set.match("10.0.0.0", HubbleTime.toNanos(Instant.parse("2017-01-01T00:00:00Z"))))
                .as("before valid_from").isNull();
    }

    @Test
    void orCidrIssubsetAndValidityAreRead_unsupportedPatternsAreSkipped() throws IOException {
        Path file = bundle("""
                {"type":"bundle","id":"bundle--1","objects":[
                 {"type":"indicator","spec_version":"2.1","id":"indicator--a","name":"two C2s","pattern_type":"stix",
                  "pattern":"[ipv4-addr:value = '198.51.100.1' OR ipv4-addr:value = '203.0.113.0/24'] OR [ipv6-addr:value = '2001:db8::7']",
                  "valid_from":"2026-01-01T00:00:00Z","valid_until":"2026-02-01T00:00:00Z"},
                 {"type":"indicator","spec_version":"2.1","id":"indicator--b","pattern_type":"stix",
                  "pattern":"[ipv4-addr:value ISSUBSET '192.0.2.0/25']","valid_from":"2026-01-01T00:00:00Z"},
                 {"type":"indicator","spec_version":"2.1","id":"indicator--c","pattern_type":"stix",
                  "pattern":"[ipv4-addr:value = '192.0.2.200' AND network-traffic:dst_port = 443]","valid_from":"2026-01-01T00:00:00Z"},
                 {"type":"indicator","spec_version":"2.1","id":"indicator--d","pattern_type":"snort",
                  "pattern":"alert ip any any -> 192.0.2.201 any","valid_from":"2026-01-01T00:00:00Z"},
                 {"type":"indicator","spec_version":"2.1","id":"indicator--e","pattern_type":"stix","revoked":true,
                  "pattern":"[ipv4-addr:value = '192.0.2.202']","valid_from":"2026-01-01T00:00:00Z"},
                 {"type":"indicator","spec_version":"2.1","id":"indicator--f","pattern_type":"stix",
                  "pattern":"[domain-name:value = 'c2.example.com']","valid_from":"2026-01-01T00:00:00Z"},
                 {"type":"malware","spec_version":"2.1","id":"malware--1","name":"x","is_family":false}
                ]}""");
        List<Indicator> indicators = StixBundles.read(file);
        assertThat(indicators).extracting(i -> i.network().toString()).containsExactly("198.51.100.1",
                "203.0.113.0/24", "2001:db8:0:0:0:0:0:7", "192.0.2.0/25");
        IndicatorSet set = new IndicatorSet(indicators);
        long january = HubbleTime.toNanos(Instant.parse("2026-01-15T00:00:00Z"));
        long march = HubbleTime.toNanos(Instant.parse("2026-03-15T00:00:00Z"));
        assertThat(set.match("203.0.113.99", january).name()).isEqualTo("two C2s");
        assertThat(set.match("203.0.113.99", march)).as("after valid_until").isNull();
        assertThat(set.match("192.0.2.100", march)).isNotNull();
        assertThat(set.match("192.0.2.200", march)).as("AND pattern skipped").isNull();
        assertThat(set.match("192.0.2.202", march)).as("revoked").isNull();
    }

    @Test
    void brokenBundlesNameTheFileAndTheIndicator() throws IOException {
        Path missing = dir.resolve("missing.json");
        assertThatThrownBy(() -> StixBundles.read(missing)).hasMessageContaining(missing.toString())
                .hasMessageContaining("cannot be read");
        Path notJson = bundle("{\"type\":\"bundle\",");
        assertThatThrownBy(() -> StixBundles.read(notJson)).hasMessageContaining(notJson.toString())
                .hasMessageContaining("not JSON");
        Path notBundle = bundle("{\"type\":\"indicator\"}");
        assertThatThrownBy(() -> StixBundles.read(notBundle)).hasMessageContaining("not a STIX bundle");
        Path badAddress = bundle("""
                {"type":"bundle","id":"bundle--2","objects":[{"type":"indicator","id":"indicator--bad",
                 "pattern":"[ipv4-addr:value = '300.1.1.1']","pattern_type":"stix","valid_from":"2026-01-01T00:00:00Z"}]}""");
        assertThatThrownBy(() -> StixBundles.read(badAddress)).hasMessageContaining("indicator--bad")
                .hasMessageContaining("300.1.1.1");
        Path noValidFrom = bundle("""
                {"type":"bundle","id":"bundle--3","objects":[{"type":"indicator","id":"indicator--nofrom",
                 "pattern":"[ipv4-addr:value = '1.2.3.4']","pattern_type":"stix"}]}""");
        assertThatThrownBy(() -> StixBundles.read(noValidFrom)).hasMessageContaining("indicator--nofrom")
                .hasMessageContaining("valid_from");
        Path unbalanced = bundle("""
                {"type":"bundle","id":"bundle--4","objects":[{"type":"indicator","id":"indicator--open",
                 "pattern":"[ipv4-addr:value = '1.2.3.4'","pattern_type":"stix","valid_from":"2026-01-01T00:00:00Z"}]}""");
        assertThatThrownBy(() -> StixBundles.read(unbalanced)).hasMessageContaining("indicator--open")
                .hasMessageContaining("unbalanced");
    }

    private int n;

    private Path bundle(String json) throws IOException {
        return Files.writeString(dir.resolve("bundle-" + (n++) + ".json"), json);
    }
}
