package io.c2intents.observer.detector;

import io.c2intents.testsupport.SharedData;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.HashMap;
import java.util.Map;

/**
 * The observer with no flow source of its own, running its detector on what the tests publish to {@code hubble-flows}:
 * the scenario's C2 address, an address taken from a real capture, and the shared STIX bundle when it is there.
 * Every detector test shares this profile, so Quarkus starts once for all of them.
 */
public class DetectorProfile implements QuarkusTestProfile {

    /** An external address the GKE capture's event-exporter pod talks to over TCP 443. */
    static final String CAPTURE_ADDRESS = "35.246.31.234";

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>();
        config.put("observer.source", "none");
        config.put("observer.detector.indicators.addresses", "1.1.1.1," + CAPTURE_ADDRESS);
        SharedData.dir().map(d -> d.resolve(StixBundlesTest.OASIS_BUNDLE)).filter(java.nio.file.Files::exists)
                .ifPresent(bundle -> config.put("observer.detector.indicators.stix-bundles", bundle.toString()));
        return config;
    }
}
