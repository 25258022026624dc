package io.c2intents.orchestrator.rest;

import io.c2intents.events.SimulatorCommandType;
import io.c2intents.orchestrator.config.OrchestratorConfig;
import io.c2intents.orchestrator.service.ExperimentService;
import io.smallrye.mutiny.Uni;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

/** The experiment buttons: each sends a command to the attack simulator and answers 202 at once. */
@Path("/api/experiment")
@Tag(name = "experiment")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = OrchestratorApi.BEARER)
@APIResponse(responseCode = "400", description = "A bad parameter, named in errors",
        content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "bad-namespace",
                value = Examples.BAD_REQUEST)))
public class ExperimentResource {

    private static final String NAMESPACE_DOC = "experiment namespace; orchestrator.namespace when absent";

    private static final ObjectReader STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .readerFor(InfectRequest.class);

    private final ExperimentService experiment;
    private final OrchestratorConfig config;

    public ExperimentResource(ExperimentService experiment, OrchestratorConfig config) {
        this.experiment = experiment;
        this.config = config;
    }

    @POST
    @Path("/setup")
    @ResponseStatus(202)
    @Operation(summary = "Set the experiment up: reset, then deploy",
            description = "Sends a reset; once the simulator reports it done, sends a deploy (benign and target "
                    + "Deployments, default policy). Follow the deploy command.")
    @APIResponse(responseCode = "202", description = "Reset sent, deploy waiting for it",
            content = @Content(examples = @ExampleObject(name = "setup", value = Examples.SETUP_ACCEPTED)))
    public Uni<Accepted> setup(@Parameter(description = NAMESPACE_DOC, example = "c2-lab")
            @QueryParam("namespace") String namespace) {
        return experiment.setup(namespace(namespace));
    }

    @POST
    @Path("/clean")
    @ResponseStatus(202)
    @Operation(summary = "Clean up: remove what the experiment created",
            description = "Sends a reset: workloads, policies (quarantines included) and labels go, nodes are "
                    + "uncordoned.")
    @APIResponse(responseCode = "202", description = "Reset sent",
            content = @Content(examples = @ExampleObject(name = "clean", value = Examples.ACCEPTED)))
    public Uni<Accepted> clean(@Parameter(description = NAMESPACE_DOC, example = "c2-lab")
            @QueryParam("namespace") String namespace) {
        return experiment.simple(SimulatorCommandType.RESET, namespace(namespace));
    }

    @POST
    @Path("/deploy")
    @ResponseStatus(202)
    @Operation(summary = "Deploy the benign and target workloads and the default policy")
    @APIResponse(responseCode = "202", description = "Deploy sent",
            content = @Content(examples = @ExampleObject(name = "deploy", value = Examples.ACCEPTED)))
    public Uni<Accepted> deploy(@Parameter(description = NAMESPACE_DOC, example = "c2-lab")
            @QueryParam("namespace") String namespace) {
        return experiment.simple(SimulatorCommandType.DEPLOY, namespace(namespace));
    }

    @POST
    @Path("/undeploy")
    @ResponseStatus(202)
    @Operation(summary = "Delete the experiment's workloads and default policy")
    @APIResponse(responseCode = "202", description = "Undeploy sent",
            content = @Content(examples = @ExampleObject(name = "undeploy", value = Examples.ACCEPTED)))
    public Uni<Accepted> undeploy(@Parameter(description = NAMESPACE_DOC, example = "c2-lab")
            @QueryParam("namespace") String namespace) {
        return experiment.simple(SimulatorCommandType.UNDEPLOY, namespace(namespace));
    }

    @POST
    @Path("/infect")
    @ResponseStatus(202)
    @Operation(summary = "Infect a target pod (random Running one, or named)",
            description = "The simulator appends a cron entry pinging the C2 address inside the pod. Every field "
                    + "of the body is optional.")
    @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(
            implementation = InfectRequest.class), examples = {
                @ExampleObject(name = "named pod", value = Examples.INFECT),
                @ExampleObject(name = "random pod", value = "{}")}))
    @APIResponse(responseCode = "202", description = "Infect sent",
            content = @Content(examples = @ExampleObject(name = "infect", value = Examples.ACCEPTED)))
    public Uni<Accepted> infect(String body) throws JsonProcessingException {
        // read by hand so a bodiless POST (curl -X POST) works and unknown fields are named, not ignored
        InfectRequest request = body == null || body.isBlank() ? new InfectRequest(null, null, null, null)
                : STRICT.readValue(body);
        String namespace = namespace("$.namespace", request.namespace());
        return experiment.infect(namespace, blankToNull(request.pod()),
                blankToNull(request.c2Address()) != null ? request.c2Address() : config.c2Address().orElse(null),
                blankToNull(request.schedule()));
    }

    private String namespace(String namespace) {
        return namespace("namespace", namespace);
    }

    /** The experiment namespace: a DNS-1123 label and not a system namespace (orchestrator.protected-namespaces). */
    private String namespace(String field, String namespace) {
        if (namespace == null || namespace.isEmpty()) {
            return config.namespace();
        }
        Check.matches(field, namespace, Check.DNS_LABEL, "a DNS-1123 label", false);
        if (config.protectedNamespaces().contains(namespace)) {
            throw ApiProblem.badField(field, "'" + namespace + "' is a system namespace ("
                    + String.join(", ", config.protectedNamespaces()) + " are refused): the experiment runs in its "
                    + "own namespace, e.g. " + config.namespace());
        }
        return namespace;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /**
     * What to infect; every field optional.
     *
     * @param namespace experiment namespace
     * @param pod the pod; a random Running target pod when absent
     * @param c2Address the C2 IPv4 address; the simulator's default (1.1.1.1) when absent
     * @param schedule 5-field cron schedule; every minute when absent
     */
    public record InfectRequest(String namespace, String pod, String c2Address, String schedule) {
    }
}
