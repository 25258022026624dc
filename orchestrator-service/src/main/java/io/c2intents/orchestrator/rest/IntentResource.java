package io.c2intents.orchestrator.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.c2intents.events.SecurityIntent;
import io.c2intents.orchestrator.service.IntentService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

/**
 * Declared security intents. Reads come from the view of the compacted {@code security-intents} topic; writes go
 * to it (validated against the contract) and show in the view once read back.
 */
@Path("/api/intents")
@Tag(name = "intents")
@Produces(MediaType.APPLICATION_JSON)
public class IntentResource {

    private final IntentService intents;

    public IntentResource(IntentService intents) {
        this.intents = intents;
    }

    @GET
    @Operation(summary = "Declared intents, by name")
    @APIResponse(responseCode = "200", description = "Every intent",
            content = @Content(examples = @ExampleObject(name = "intents", value = Examples.INTENTS)))
    public Uni<List<SecurityIntent>> list() {
        return Uni.createFrom().item(intents::list);
    }

    @GET
    @Path("/{name}")
    @Operation(summary = "One intent")
    @APIResponse(responseCode = "200", description = "The intent",
            content = @Content(examples = @ExampleObject(name = "contain and eradicate", value = Examples.INTENT)))
    @APIResponse(responseCode = "404", description = "No such intent",
            content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "unknown",
                    value = Examples.NOT_FOUND)))
    @APIResponse(responseCode = "400", description = "A malformed name",
            content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "bad-name",
                    value = Examples.BAD_REQUEST)))
    public Uni<SecurityIntent> get(@Parameter(description = "intent name (DNS-1123 label)",
            example = "contain-and-eradicate-c2") @PathParam("name") String name) {
        return Uni.createFrom().item(() -> intents.get(name));
    }

    @PUT
    @Path("/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @ResponseStatus(202)
    @SecurityRequirement(name = OrchestratorApi.BEARER)
    @Operation(summary = "Create or replace an intent",
            description = "Validated against the security-intent contract, then written to security-intents keyed "
                    + "by name. The body's name may be left out; if given it must be the path's.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = SecurityIntent.class),
            examples = @ExampleObject(name = "contain and eradicate", value = Examples.INTENT)))
    @APIResponse(responseCode = "202", description = "Written; the view shows it once read back",
            content = @Content(examples = @ExampleObject(name = "accepted", value = Examples.INTENT_ACCEPTED)))
    @APIResponse(responseCode = "400", description = "The body breaks the contract; each bad field named",
            content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "bad-technique",
                    value = "{\"type\":\"https://c2intents.io/problems/invalid-request\",\"title\":\"Invalid request\","
                            + "\"status\":400,\"detail\":\"invalid security-intent: $.techniques[0]: does not have a "
                            + "value in the enumeration [D3-NTF, D3-OTF, D3-FEV, D3-PT, D3-EDL, D3-HS]\","
                            + "\"instance\":\"/api/intents/contain-and-eradicate-c2\",\"errors\":[{\"field\":"
                            + "\"$.techniques[0]\",\"message\":\"does not have a value in the enumeration "
                            + "[D3-NTF, D3-OTF, D3-FEV, D3-PT, D3-EDL, D3-HS]\"}]}")))
    public Uni<Accepted> put(@Parameter(description = "intent name (DNS-1123 label)",
            example = "contain-and-eradicate-c2") @PathParam("name") String name, JsonNode body) {
        return intents.put(name, body);
    }

    @DELETE
    @Path("/{name}")
    @ResponseStatus(202)
    @SecurityRequirement(name = OrchestratorApi.BEARER)
    @Operation(summary = "Withdraw an intent", description = "Writes a tombstone (null value) for the name.")
    @APIResponse(responseCode = "202", description = "Tombstone written",
            content = @Content(examples = @ExampleObject(name = "withdrawn", value = "{\"commandId\":"
                    + "\"contain-and-eradicate-c2\",\"follow\":\"/api/intents\",\"ids\":[\"contain-and-eradicate-c2\"],"
                    + "\"message\":\"intent contain-and-eradicate-c2 withdrawn (a tombstone on security-intents)\"}")))
    @APIResponse(responseCode = "404", description = "No such intent",
            content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "unknown",
                    value = Examples.NOT_FOUND)))
    @APIResponse(responseCode = "400", description = "A malformed name",
            content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "bad-name",
                    value = Examples.BAD_REQUEST)))
    public Uni<Accepted> delete(@Parameter(description = "intent name", example = "contain-and-eradicate-c2")
            @PathParam("name") String name) {
        return intents.delete(name);
    }
}
