package io.c2intents.orchestrator.rest;

import io.c2intents.events.C2Alert;
import io.c2intents.events.PodKey;
import io.c2intents.orchestrator.view.AlertView;
import io.c2intents.orchestrator.view.IncidentSnapshot;
import io.c2intents.orchestrator.view.IncidentView;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** C2 alerts (latest revision of each), with the incident each belongs to, and a live stream. */
@Path("/api/alerts")
@Tag(name = "alerts")
public class AlertResource {

    private final AlertView alerts;
    private final IncidentView incidents;

    public AlertResource(AlertView alerts, IncidentView incidents) {
        this.alerts = alerts;
        this.incidents = incidents;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Alerts, most recently updated first")
    @APIResponse(responseCode = "200", description = "Alerts with their incident",
            content = @Content(examples = @ExampleObject(name = "alerts", value = Examples.ALERTS)))
    @APIResponse(responseCode = "400", description = "A bad parameter, named in errors",
            content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "bad-pod",
                    value = Examples.BAD_REQUEST)))
    public Uni<List<AlertEntry>> list(
            @Parameter(description = "only this pod's alerts (namespace/name)", example = "c2-lab/target-7c9d8f6b5-x2k4q")
            @QueryParam("pod") String pod,
            @Parameter(description = "only alerts whose incident is still open", example = "true")
            @QueryParam("open") String open,
            @Parameter(description = "how many at most (1-10000), default 100", example = "20")
            @QueryParam("last") String last) {
        if (pod != null && !pod.isEmpty()) {
            String ns = PodKey.namespace(pod);
            if (ns == null) {
                throw ApiProblem.badField("pod", "'" + pod + "' is not namespace/name");
            }
            Check.matches("pod", ns, Check.DNS_LABEL, "namespace/name with a DNS-1123 namespace", true);
            Check.matches("pod", PodKey.pod(pod), Check.DNS_SUBDOMAIN, "namespace/name with a valid pod name", true);
        }
        boolean openOnly = Check.flag("open", open);
        int limit = Check.range("last", last, 1, 10_000, 100);
        return Uni.createFrom().item(() -> alerts.list(pod == null || pod.isEmpty() ? null : pod, 10_000).stream()
                .map(this::entry).filter(e -> !openOnly || e.open()).limit(limit).toList());
    }

    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Live alerts (server-sent events): every new alert and revision")
    @APIResponse(responseCode = "200", description = "An endless event stream",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, examples = @ExampleObject(name = "event",
                    value = "data:" + Examples.ALERT_ENTRY + "\n\n")))
    public Multi<AlertEntry> stream() {
        return alerts.stream().map(this::entry);
    }

    private AlertEntry entry(C2Alert alert) {
        Optional<IncidentSnapshot> incident = incidents.ofPod(alert.key());
        return new AlertEntry(alert, incident.map(IncidentSnapshot::id).orElse(null),
                incident.map(i -> i.status().infected()).orElse(true));
    }

    /**
     * An alert with its incident.
     *
     * @param alert the alert, latest revision
     * @param incidentId the pod's latest incident
     * @param open whether that incident is still open (OPEN or CONTAINED; not RESOLVED, RELEASED or GONE)
     */
    public record AlertEntry(C2Alert alert, String incidentId, boolean open) {
    }
}
