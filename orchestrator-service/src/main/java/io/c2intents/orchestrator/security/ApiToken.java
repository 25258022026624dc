package io.c2intents.orchestrator.security;

import io.c2intents.orchestrator.config.OrchestratorConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The bearer token mutating endpoints require: the configured one, or one generated at start and printed in the
 * log, so a lab run is never left open by accident.
 */
@ApplicationScoped
public class ApiToken {

    private static final int GENERATED_BYTES = 24;

    private final byte[] token;
    private final boolean generated;

    public ApiToken(OrchestratorConfig config) {
        String configured = config.apiToken().map(String::trim).filter(t -> !t.isEmpty()).orElse(null);
        this.generated = configured == null;
        String value = configured != null ? configured : generate();
        this.token = value.getBytes(StandardCharsets.UTF_8);
    }

    void announce(@Observes StartupEvent start) {
        if (generated) {
            Log.info(announcement(value()));
        } else {
            Log.info("orchestrator API token taken from orchestrator.api-token");
        }
    }

    /** Compares in constant time, so response timing tells nothing about the token. */
    public boolean accepts(String candidate) {
        if (candidate == null) {
            return false;
        }
        return MessageDigest.isEqual(token, candidate.getBytes(StandardCharsets.UTF_8));
    }

    /** The log lines that hand a generated token to the operator. */
    static String announcement(String token) {
        return String.format("%n%n    orchestrator API token (generated; set orchestrator.api-token to choose one):%n"
                + "    %s%n    send it as 'Authorization: Bearer <token>' or enter it in the admin page.%n", token);
    }

    /** The token itself: for the start-up log only, never for an API answer. */
    String value() {
        return new String(token, StandardCharsets.UTF_8);
    }

    public boolean generated() {
        return generated;
    }

    static String generate() {
        byte[] bytes = new byte[GENERATED_BYTES];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
