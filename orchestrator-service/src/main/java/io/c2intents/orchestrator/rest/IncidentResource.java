package io.c2intents.orchestrator.rest;

import io.c2intents.orchestrator.view.IncidentSnapshot;
import io.c2intents.orchestrator.view.IncidentStatus;
import io.c2intents.orchestrator.view.IncidentView;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** Incidents: one per pod under attack, its timeline from the first alert to the last mitigation step. */
@Path("/api/incidents")
@Tag(name = "incidents")
public class IncidentResource {

    private final IncidentView incidents;

    public IncidentResource(IncidentView incidents) {
        this.incidents = incidents;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Incidents, most recently updated first")
    @APIResponse(responseCode = "200", description = "Incidents with their timelines",
            content = @Content(examples = @ExampleObject(name = "incidents", value = Examples.INCIDENTS)))
    @APIResponse(responseCode = "400", description = "A bad parameter, named in errors",
            content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "bad-status",
                    value = Examples.BAD_REQUEST)))
    public Uni<List<IncidentSnapshot>> list(
            @Parameter(description = "OPEN, CONTAINED, RESOLVED, RELEASED (closed by a person's revert request of its "
                    + "quarantine) or GONE (the pod no longer exists; history only); any case",
                    example = "OPEN", schema = @Schema(implementation = IncidentStatus.class))
            @QueryParam("status") String status) {
        IncidentStatus wanted = null;
        if (status != null && !status.isEmpty()) {
            try {
                wanted = IncidentStatus.valueOf(status.toUpperCase());
            } catch (IllegalArgumentException e) {
                throw ApiProblem.badField("status", "'" + Check.shorten(status) + "' is not one of "
                        + Arrays.stream(IncidentStatus.values()).map(Enum::name).collect(Collectors.joining(", ")));
            }
        }
        IncidentStatus filter = wanted;
        return Uni.createFrom().item(() -> incidents.list().stream()
                .filter(i -> filter == null || i.status() == filter).toList());
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "One incident and its timeline (alert, then each mitigation step)")
    @APIResponse(responseCode = "200", description = "The incident",
            content = @Content(examples = @ExampleObject(name = "contained", value = Examples.INCIDENT)))
    @APIResponse(responseCode = "404", description = "No such incident",
            content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "unknown",
                    value = Examples.NOT_FOUND)))
    @APIResponse(responseCode = "400", description = "A malformed id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "bad-id",
                    value = Examples.BAD_REQUEST)))
    public Uni<IncidentSnapshot> get(@Parameter(description = "incident id or alias",
            example = "inc-c2-lab-target-7c9d8f6b5-x2k4q-1") @PathParam("id") String id) {
        Check.matches("id", id, Check.ID, "an incident id", true);
        return Uni.createFrom().item(() -> incidents.get(id)
                .orElseThrow(() -> ApiProblem.notFound("no incident " + id)));
    }

    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Live incidents (server-sent events): the whole incident each time it changes")
    @APIResponse(responseCode = "200", description = "An endless event stream",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, examples = @ExampleObject(name = "event",
                    value = "data:" + Examples.INCIDENT + "\n\n")))
    public Multi<IncidentSnapshot> stream() {
        return incidents.stream();
    }
}
