package io.c2intents.mitigation.rest;

import io.c2intents.mitigation.action.ActionRegistry;
import io.c2intents.mitigation.action.MitigationAction;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The registry listing itself: every action with its D3FEND technique, parameters, RBAC and an example request. */
@Path("/api/actions")
@Tag(name = "actions", description = "The mitigation actions this service can run")
@Produces(MediaType.APPLICATION_JSON)
public class ActionCatalogueResource {

    private final ActionRegistry registry;

    public ActionCatalogueResource(ActionRegistry registry) {
        this.registry = registry;
    }

    @GET
    @Operation(summary = "Every action, by address")
    public List<ActionView> list() {
        return registry.all().stream().map(MitigationAction::descriptor).map(ActionView::of).toList();
    }

    @GET
    @Path("/{address}")
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "One action, e.g. cilium:quarantine")
    public Response get(@PathParam("address") String address) {
        return registry.find(address).map(a -> Response.ok(ActionView.of(a.descriptor())).build())
                .orElseGet(() -> Problem.response(Response.Status.NOT_FOUND, "no action at '" + address
                        + "'; GET /api/actions lists them"));
    }
}
