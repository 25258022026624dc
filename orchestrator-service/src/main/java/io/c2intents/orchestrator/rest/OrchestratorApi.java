package io.c2intents.orchestrator.rest;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The OpenAPI document's header: title, tags and the bearer scheme mutating calls use. */
@OpenAPIDefinition(
        info = @Info(title = "C2 intents orchestrator", version = "0.1.0",
                description = "Drive the C2 experiment, watch flows, alerts and incidents, declare security intents "
                        + "and apply D3FEND techniques by hand. Calls that change something need "
                        + "'Authorization: Bearer <token>'; they answer 202 and the outcome arrives as an event."),
        tags = {
            @Tag(name = "experiment", description = "Commands to the attack simulator"),
            @Tag(name = "cluster", description = "Pods, nodes, deployments and logs from the Kubernetes API"),
            @Tag(name = "flows", description = "Recent Hubble flows and a live stream"),
            @Tag(name = "alerts", description = "C2 alerts from the detector"),
            @Tag(name = "incidents", description = "One timeline per pod under attack"),
            @Tag(name = "intents", description = "Declared security intents (compacted topic security-intents)"),
            @Tag(name = "mitigations", description = "D3FEND techniques applied by hand, approved or reverted"),
            @Tag(name = "commands", description = "How a command sent to the attack simulator went")
        })
@SecurityScheme(securitySchemeName = OrchestratorApi.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "The orchestrator's setting orchestrator.api-token (env ORCHESTRATOR_API_TOKEN): "
                + "scripts/run.sh sets it from C2_API_TOKEN, or generates one, and prints it as 'API token:' when "
                + "the stack is up; an orchestrator started without it generates one and logs it.")
public class OrchestratorApi extends Application {

    public static final String BEARER = "bearer";
}
