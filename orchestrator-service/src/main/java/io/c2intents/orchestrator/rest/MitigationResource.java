package io.c2intents.orchestrator.rest;

import io.c2intents.orchestrator.service.IntentButton;
import io.c2intents.orchestrator.service.ManualMitigation;
import io.c2intents.orchestrator.service.MitigationService;
import io.c2intents.orchestrator.view.MitigationSnapshot;
import io.c2intents.orchestrator.view.MitigationView;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
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
 * D3FEND techniques by hand: the five intent buttons, one action on one target, approve and revert. Each sends a
 * request on {@code mitigation-requests}; the mitigation service acts and its steps show in the incidents.
 */
@Path("/api/mitigations")
@Tag(name = "mitigations")
@Produces(MediaType.APPLICATION_JSON)
public class MitigationResource {

    private static final String ID_DOC = "the mitigation's id, any of its event ids, or its request id";

    private final MitigationService service;
    private final MitigationView mitigations;

    public MitigationResource(MitigationService service, MitigationView mitigations) {
        this.service = service;
        this.mitigations = mitigations;
    }

    @GET
    @Operation(summary = "Mitigations the mitigation service published, most recently updated first")
    @APIResponse(responseCode = "200", description = "Mitigations and their latest status",
            content = @Content(examples = @ExampleObject(name = "mitigations", value = Examples.MITIGATIONS)))
    @APIResponse(responseCode = "400", description = "A bad parameter",
            content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "bad-last",
                    value = Examples.BAD_REQUEST)))
    public Uni<List<MitigationSnapshot>> list(@Parameter(description = "how many at most (1-10000), default 100",
            example = "20") @QueryParam("last") String last) {
        int limit = Check.range("last", last, 1, 10_000, 100);
        return Uni.createFrom().item(() -> mitigations.list(limit));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One mitigation")
    @APIResponse(responseCode = "200", description = "The mitigation",
            content = @Content(examples = @ExampleObject(name = "quarantine applied", value = Examples.MITIGATION)))
    @APIResponse(responseCode = "404", description = "No such mitigation",
            content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "unknown",
                    value = Examples.NOT_FOUND)))
    @APIResponse(responseCode = "400", description = "A malformed id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "bad-id",
                    value = Examples.BAD_REQUEST)))
    public Uni<MitigationSnapshot> get(@Parameter(description = ID_DOC,
            example = "evt-2b7f0c4e-91d3-4a6e-8f25-c3d1e07a9b44") @PathParam("id") String id) {
        Check.matches("id", id, Check.ID, "a mitigation id", true);
        return Uni.createFrom().item(() -> mitigations.get(id)
                .orElseThrow(() -> ApiProblem.notFound("no mitigation " + id)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @ResponseStatus(202)
    @SecurityRequirement(name = OrchestratorApi.BEARER)
    @Operation(summary = "Apply a technique or action to one target by hand",
            description = "Give technique (D3-NTF, D3-FEV, D3-PT, D3-EDL, D3-HS) or action (cilium:quarantine, "
                    + "pod:evict-file, pod:terminate, workload:delete, node:drain) and a target; mode apply or dry-run.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = ManualMitigation.class),
            examples = {
                @ExampleObject(name = "quarantine a pod", value = Examples.MANUAL),
                @ExampleObject(name = "drain a node (dry run)", value = "{\"action\":\"node:drain\","
                        + "\"target\":{\"kind\":\"node\",\"name\":\"lab-worker-1\"},\"mode\":\"dry-run\"}")}))
    @APIResponse(responseCode = "202", description = "Request sent",
            content = @Content(examples = @ExampleObject(name = "accepted", value = Examples.MITIGATION_ACCEPTED)))
    @APIResponse(responseCode = "400", description = "A bad field, named in errors",
            content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "no-target",
                    value = "{\"type\":\"https://c2intents.io/problems/invalid-request\",\"title\":\"Invalid request\","
                            + "\"status\":400,\"detail\":\"invalid mitigation-request: $.target: is missing\","
                            + "\"instance\":\"/api/mitigations\",\"errors\":[{\"field\":\"$.target\","
                            + "\"message\":\"is missing\"}]}")))
    @APIResponse(responseCode = "404", description = "The incident named does not exist",
            content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "unknown incident",
                    value = Examples.NOT_FOUND)))
    public Uni<Accepted> apply(ManualMitigation body) {
        return service.manual(body);
    }

    @POST
    @Path("/infected")
    @Consumes(MediaType.APPLICATION_JSON)
    @ResponseStatus(202)
    @SecurityRequirement(name = OrchestratorApi.BEARER)
    @Operation(summary = "An intent button: apply a technique to every infected pod",
            description = "D3-PT terminates the infected pods, D3-EDL deletes their workloads, D3-HS drains their "
                    + "nodes, D3-NTF quarantines them, D3-FEV evicts the malicious cron file. Infected pods are those "
                    + "with an open incident; each target gets one request.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = IntentButton.class),
            examples = {
                @ExampleObject(name = "Network Traffic Filtering", value = Examples.INTENT_BUTTON),
                @ExampleObject(name = "Process Termination", value = "{\"technique\":\"D3-PT\"}")}))
    @APIResponse(responseCode = "202", description = "One request per target sent",
            content = @Content(examples = @ExampleObject(name = "accepted", value = Examples.BUTTON_ACCEPTED)))
    @APIResponse(responseCode = "409", description = "No infected pod to apply it to",
            content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "nothing infected",
                    value = Examples.CONFLICT)))
    @APIResponse(responseCode = "400", description = "An unknown technique",
            content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "bad-technique",
                    value = "{\"type\":\"https://c2intents.io/problems/invalid-request\",\"title\":\"Invalid request\","
                            + "\"status\":400,\"detail\":\"$.technique: 'D3-XYZ' is not one of D3-PT, D3-EDL, D3-HS, "
                            + "D3-NTF, D3-FEV\",\"instance\":\"/api/mitigations/infected\",\"errors\":[{\"field\":"
                            + "\"$.technique\",\"message\":\"'D3-XYZ' is not one of D3-PT, D3-EDL, D3-HS, D3-NTF, "
                            + "D3-FEV\"}]}")))
    public Uni<Accepted> onInfected(IntentButton body) {
        return service.onInfected(body);
    }

    @POST
    @Path("/{id}/approve")
    @ResponseStatus(202)
    @SecurityRequirement(name = OrchestratorApi.BEARER)
    @Operation(summary = "Approve a mitigation planned under an approval-mode intent")
    @APIResponse(responseCode = "202", description = "Approve request sent",
            content = @Content(examples = @ExampleObject(name = "accepted", value = Examples.MITIGATION_ACCEPTED)))
    @APIResponse(responseCode = "404", description = "No such mitigation",
            content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "unknown",
                    value = Examples.NOT_FOUND)))
    @APIResponse(responseCode = "400", description = "A malformed id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "bad-id",
                    value = Examples.BAD_REQUEST)))
    public Uni<Accepted> approve(@Parameter(description = ID_DOC, example = "evt-2b7f0c4e-91d3-4a6e-8f25-c3d1e07a9b44")
            @PathParam("id") String id) {
        Check.matches("id", id, Check.ID, "a mitigation id", true);
        return service.approve(id);
    }

    @POST
    @Path("/{id}/revert")
    @ResponseStatus(202)
    @SecurityRequirement(name = OrchestratorApi.BEARER)
    @Operation(summary = "Revert an applied mitigation (lift a quarantine, uncordon a node)")
    @APIResponse(responseCode = "202", description = "Revert request sent",
            content = @Content(examples = @ExampleObject(name = "accepted", value = Examples.MITIGATION_ACCEPTED)))
    @APIResponse(responseCode = "404", description = "No such mitigation",
            content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "unknown",
                    value = Examples.NOT_FOUND)))
    @APIResponse(responseCode = "400", description = "A malformed id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "bad-id",
                    value = Examples.BAD_REQUEST)))
    public Uni<Accepted> revert(@Parameter(description = ID_DOC, example = "evt-2b7f0c4e-91d3-4a6e-8f25-c3d1e07a9b44")
            @PathParam("id") String id) {
        Check.matches("id", id, Check.ID, "a mitigation id", true);
        return service.revert(id);
    }
}
