package io.c2intents.orchestrator.rest;

import io.c2intents.orchestrator.config.OrchestratorConfig;
import io.c2intents.orchestrator.service.ClusterService;
import io.c2intents.orchestrator.service.ClusterService.DeploymentInfo;
import io.c2intents.orchestrator.service.ClusterService.NodeInfo;
import io.c2intents.orchestrator.service.ClusterService.PodInfo;
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

/** Pods, nodes and deployments from the Kubernetes API, marked infected / quarantined / evicted; a pod's logs. */
@Path("/api/cluster")
@Tag(name = "cluster")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "400", description = "A bad parameter, named in errors",
        content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "bad-namespace",
                value = Examples.BAD_REQUEST)))
@APIResponse(responseCode = "502", description = "The Kubernetes API failed",
        content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "kubernetes-down",
                value = "{\"type\":\"https://c2intents.io/problems/kubernetes-unavailable\",\"title\":"
                        + "\"Kubernetes API call failed\",\"status\":502,\"detail\":\"the Kubernetes API answered: "
                        + "connection refused\",\"instance\":\"/api/cluster/pods\"}")))
public class ClusterResource {

    private static final String NAMESPACE_DOC = "namespace; orchestrator.namespace when absent";

    private final ClusterService cluster;
    private final OrchestratorConfig config;

    public ClusterResource(ClusterService cluster, OrchestratorConfig config) {
        this.cluster = cluster;
        this.config = config;
    }

    @GET
    @Path("/pods")
    @Operation(summary = "List pods, infected / quarantined / evicted ones marked")
    @APIResponse(responseCode = "200", description = "Pods by name",
            content = @Content(examples = @ExampleObject(name = "pods", value = Examples.PODS)))
    public Uni<List<PodInfo>> pods(@Parameter(description = NAMESPACE_DOC, example = "c2-lab")
            @QueryParam("namespace") String namespace) {
        return cluster.pods(namespace(namespace));
    }

    @GET
    @Path("/nodes")
    @Operation(summary = "List nodes, those running infected pods marked")
    @APIResponse(responseCode = "200", description = "Nodes by name",
            content = @Content(examples = @ExampleObject(name = "nodes", value = Examples.NODES)))
    public Uni<List<NodeInfo>> nodes() {
        return cluster.nodes();
    }

    @GET
    @Path("/deployments")
    @Operation(summary = "List deployments, those owning infected pods marked")
    @APIResponse(responseCode = "200", description = "Deployments by name",
            content = @Content(examples = @ExampleObject(name = "deployments", value = Examples.DEPLOYMENTS)))
    public Uni<List<DeploymentInfo>> deployments(@Parameter(description = NAMESPACE_DOC, example = "c2-lab")
            @QueryParam("namespace") String namespace) {
        return cluster.deployments(namespace(namespace));
    }

    @GET
    @Path("/pods/{namespace}/{name}/logs")
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(summary = "A pod's log, the last lines")
    @APIResponse(responseCode = "200", description = "The log as text",
            content = @Content(mediaType = MediaType.TEXT_PLAIN, examples = @ExampleObject(name = "ping log",
                    value = Examples.LOGS)))
    @APIResponse(responseCode = "404", description = "No such pod or container",
            content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "no-pod",
                    value = Examples.NOT_FOUND)))
    public Uni<String> logs(
            @Parameter(description = "pod namespace", example = "c2-lab") @PathParam("namespace") String namespace,
            @Parameter(description = "pod name", example = "target-7c9d8f6b5-x2k4q") @PathParam("name") String name,
            @Parameter(description = "container; the pod's only one when absent", example = "target")
            @QueryParam("container") String container,
            @Parameter(description = "how many lines from the end (1-10000)", example = "200")
            @QueryParam("tailLines") String tailLines) {
        Check.matches("namespace", namespace, Check.DNS_LABEL, "a DNS-1123 label", true);
        Check.matches("name", name, Check.DNS_SUBDOMAIN, "a pod name (DNS-1123 subdomain)", true);
        Check.matches("container", container, Check.DNS_LABEL, "a container name (DNS-1123 label)", false);
        int lines = Check.range("tailLines", tailLines, 1, 10_000, config.logTailLines());
        return cluster.logs(namespace, name, container, lines);
    }

    private String namespace(String namespace) {
        return namespace == null || namespace.isEmpty() ? config.namespace()
                : Check.matches("namespace", namespace, Check.DNS_LABEL, "a DNS-1123 label", false);
    }
}
