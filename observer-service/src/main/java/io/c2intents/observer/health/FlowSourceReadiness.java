package io.c2intents.observer.health;

import io.c2intents.observer.source.FlowSource;
import io.c2intents.observer.source.SourceStatus;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the flow source is connected (Relay stream open, file opened). Kafka's own readiness check (SmallRye
 * messaging's, with topic verification on) sits next to it, so {@code /q/health/ready} is UP only when both are.
 */
@Readiness
@ApplicationScoped
public class FlowSourceReadiness implements HealthCheck {

    private final FlowSource source;

    public FlowSourceReadiness(FlowSource source) {
        this.source = source;
    }

    @Override
    public HealthCheckResponse call() {
        SourceStatus status = source.status();
        return HealthCheckResponse.named("hubble-flow-source").status(status.up())
                .withData("source", source.name()).withData("detail", status.detail()).build();
    }
}
