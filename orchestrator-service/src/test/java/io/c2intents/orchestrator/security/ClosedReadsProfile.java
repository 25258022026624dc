package io.c2intents.orchestrator.security;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Reads closed, and no token configured: the orchestrator must generate one. */
public class ClosedReadsProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("orchestrator.open-reads", "false", "orchestrator.api-token", "");
    }
}
