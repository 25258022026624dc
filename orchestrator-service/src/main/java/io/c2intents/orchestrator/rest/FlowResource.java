package io.c2intents.orchestrator.rest;

import io.c2intents.orchestrator.view.FlowQuery;
import io.c2intents.orchestrator.view.FlowView;
import io.c2intents.orchestrator.view.IncidentView;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * Recent flows, newest first, with the reference demo's filters (Observe: {@code label=app=target&protocol=icmpv4};
 * Observe infected: {@code infected=true}), and a live stream.
 */
@Path("/api/flows")
@Tag(name = "flows")
@APIResponse(responseCode = "400", description = "A bad filter, named in errors",
        content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "bad-verdict",
                value = "{\"type\":\"https://c2intents.io/problems/invalid-request\",\"title\":\"Invalid request\","
                        + "\"status\":400,\"detail\":\"last: 0 is out of range, expected 1 to 10000\","
                        + "\"instance\":\"/api/flows\",\"errors\":[{\"field\":\"last\","
                        + "\"message\":\"0 is out of range, expected 1 to 10000\"}]}")))
public class FlowResource {

    private static final int DEFAULT_LAST = 100;

    private final FlowView flows;
    private final IncidentView incidents;

    public FlowResource(FlowView flows, IncidentView incidents) {
        this.flows = flows;
        this.incidents = incidents;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Recent flows, newest first, filtered",
            description = "Every filter given must match. The view keeps the last orchestrator.flow-capacity flows.")
    @APIResponse(responseCode = "200", description = "Matching flows, newest first",
            content = @Content(examples = @ExampleObject(name = "dropped C2 attempt", value = Examples.FLOWS)))
    public Uni<List<FlowItem>> list(
            @Parameter(description = "a pod at either end: ns/name-prefix or name-prefix", example = "c2-lab/target")
            @QueryParam("pod") String pod,
            @Parameter(description = "a label at either end: key=value or key", example = "app=target")
            @QueryParam("label") String label,
            @Parameter(description = "L4 protocol, any case", example = "icmpv4") @QueryParam("protocol") String protocol,
            @Parameter(description = "FORWARDED, DROPPED, ERROR, AUDIT, REDIRECTED, TRACED or TRANSLATED, any case", example = "DROPPED") @QueryParam("verdict") String verdict,
            @Parameter(description = "destination IP or destination pod", example = "1.1.1.1")
            @QueryParam("destination") String destination,
            @Parameter(description = "only flows to or from infected pods", example = "true")
            @QueryParam("infected") String infected,
            @Parameter(description = "how many flows at most (1-10000), default 100", example = "50")
            @QueryParam("last") String last) {
        FlowQuery query = query(pod, label, protocol, verdict, destination, infected);
        int limit = Check.range("last", last, 1, 10_000, DEFAULT_LAST);
        Set<String> infectedPods = incidents.infectedPods();
        return Uni.createFrom().item(() -> flows.query(query, infectedPods, limit).stream()
                .map(f -> FlowItem.of(f, infectedPods)).toList());
    }

    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Live flows (server-sent events), filtered like the list",
            description = "One event per new matching flow, its data the flow as JSON.")
    @APIResponse(responseCode = "200", description = "An endless event stream",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, examples = @ExampleObject(name = "event",
                    value = "data:" + Examples.FLOW + "\n\n")))
    public Multi<FlowItem> stream(
            @Parameter(description = "a pod at either end", example = "c2-lab/target") @QueryParam("pod") String pod,
            @Parameter(description = "a label at either end", example = "app=target") @QueryParam("label") String label,
            @Parameter(description = "L4 protocol", example = "icmpv4") @QueryParam("protocol") String protocol,
            @Parameter(description = "verdict", example = "DROPPED") @QueryParam("verdict") String verdict,
            @Parameter(description = "destination IP or pod", example = "1.1.1.1")
            @QueryParam("destination") String destination,
            @Parameter(description = "only flows to or from infected pods", example = "false")
            @QueryParam("infected") String infected) {
        FlowQuery query = query(pod, label, protocol, verdict, destination, infected);
        return flows.stream(query, incidents::infectedPods).map(f -> FlowItem.of(f, incidents.infectedPods()));
    }

    private static FlowQuery query(String pod, String label, String protocol, String verdict, String destination,
            String infected) {
        Check.matches("pod", pod, Check.POD_FILTER, "ns/name-prefix or name-prefix", false);
        Check.label("label", label);
        Check.matches("protocol", protocol, Check.PROTOCOL, "a protocol name such as icmpv4 or tcp", false);
        Check.oneOf("verdict", verdict, Check.VERDICTS);
        if (destination != null && !destination.isEmpty() && !Check.IPV4.matcher(destination).matches()
                && !Check.IPV6.matcher(destination).matches()) {
            Check.matches("destination", destination, Check.POD_FILTER, "an IP address or a pod", false);
        }
        return new FlowQuery(empty(pod), empty(label), empty(protocol), empty(verdict), empty(destination),
                Check.flag("infected", infected));
    }

    private static String empty(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
