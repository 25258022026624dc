package io.c2intents.orchestrator.rest;

import io.c2intents.orchestrator.view.CommandStatus;
import io.c2intents.orchestrator.view.CommandView;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Where experiment commands are followed: sent, waiting, then done, rejected or failed. */
@Path("/api/commands")
@Tag(name = "commands")
@Produces(MediaType.APPLICATION_JSON)
public class CommandResource {

    private final CommandView commands;

    public CommandResource(CommandView commands) {
        this.commands = commands;
    }

    @GET
    @Operation(summary = "Recent commands to the attack simulator, newest first")
    @APIResponse(responseCode = "200", description = "Commands and their state",
            content = @Content(examples = @ExampleObject(name = "commands", value = "[" + Examples.COMMAND + "]")))
    @APIResponse(responseCode = "400", description = "A bad parameter",
            content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "bad-last",
                    value = Examples.BAD_REQUEST)))
    public Uni<List<CommandStatus>> list(@Parameter(description = "how many at most (1-10000), default 50",
            example = "10") @QueryParam("last") String last) {
        int limit = Check.range("last", last, 1, 10_000, 50);
        return Uni.createFrom().item(() -> commands.list(limit));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "How one command went")
    @APIResponse(responseCode = "200", description = "The command's state and outcome",
            content = @Content(examples = @ExampleObject(name = "infect done", value = Examples.COMMAND)))
    @APIResponse(responseCode = "404", description = "No such command known",
            content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "unknown",
                    value = Examples.NOT_FOUND)))
    @APIResponse(responseCode = "400", description = "A malformed id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "bad-id",
                    value = Examples.BAD_REQUEST)))
    public Uni<CommandStatus> get(@Parameter(description = "command id",
            example = "cmd-5f0c1e9a-3b7d-4c2e-9a61-2d8f4b7e1c03") @PathParam("id") String id) {
        Check.matches("id", id, Check.ID, "a command id", true);
        return Uni.createFrom().item(() -> commands.get(id)
                .orElseThrow(() -> ApiProblem.notFound("no command " + id + " is known")));
    }
}
