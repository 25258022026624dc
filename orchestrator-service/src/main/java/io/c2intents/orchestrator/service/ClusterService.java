package io.c2intents.orchestrator.service;

import io.c2intents.events.PodKey;
import io.c2intents.orchestrator.config.OrchestratorConfig;
import io.c2intents.orchestrator.rest.ApiProblem;
import io.c2intents.orchestrator.view.IncidentSnapshot;
import io.c2intents.orchestrator.view.IncidentView;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Lists and logs from the Kubernetes API (read only: the orchestrator never changes the cluster), each object
 * marked from its labels and the incident view. Fabric8 blocks, so every call runs on a worker thread.
 */
@ApplicationScoped
public class ClusterService {

    /** Labels the mitigation service puts on a quarantined pod. */
    public static final String STATUS_LABEL = "c2intents.io/status";
    public static final String QUARANTINE_LABEL = "c2intents.io/quarantine";

    private final KubernetesClient client;
    private final IncidentView incidents;
    private final OrchestratorConfig config;

    public ClusterService(KubernetesClient client, IncidentView incidents, OrchestratorConfig config) {
        this.client = client;
        this.incidents = incidents;
        this.config = config;
    }

    public Uni<List<PodInfo>> pods(String namespace) {
        return blocking(() -> {
            Set<String> infected = incidents.infectedPods();
            return client.pods().inNamespace(namespace).list().getItems().stream()
                    .map(p -> pod(p, infected))
                    .sorted(Comparator.comparing(PodInfo::name))
                    .toList();
        });
    }

    public Uni<List<NodeInfo>> nodes() {
        return blocking(() -> {
            Set<String> infected = incidents.infectedPods();
            List<Pod> pods = client.pods().inAnyNamespace().list().getItems();
            return client.nodes().list().getItems().stream().map(n -> {
                String name = n.getMetadata().getName();
                List<String> infectedHere = new ArrayList<>();
                long count = 0;
                for (Pod p : pods) {
                    if (name.equals(p.getSpec() == null ? null : p.getSpec().getNodeName())) {
                        count++;
                        if (isInfected(p, infected)) {
                            infectedHere.add(key(p));
                        }
                    }
                }
                boolean ready = n.getStatus() != null && n.getStatus().getConditions() != null
                        && n.getStatus().getConditions().stream().anyMatch(
                                (NodeCondition c) -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
                String ip = n.getStatus() == null || n.getStatus().getAddresses() == null ? null
                        : n.getStatus().getAddresses().stream().filter(a -> "InternalIP".equals(a.getType()))
                                .map(NodeAddress::getAddress).findFirst().orElse(null);
                boolean cordoned = n.getSpec() != null && Boolean.TRUE.equals(n.getSpec().getUnschedulable());
                return new NodeInfo(name, ready, cordoned, ip, count, !infectedHere.isEmpty(), infectedHere);
            }).sorted(Comparator.comparing(NodeInfo::name)).toList();
        });
    }

    public Uni<List<DeploymentInfo>> deployments(String namespace) {
        return blocking(() -> {
            Set<String> infected = incidents.infectedPods();
            List<Pod> pods = client.pods().inNamespace(namespace).list().getItems();
            return client.apps().deployments().inNamespace(namespace).list().getItems().stream()
                    .map(d -> deployment(d, pods, infected))
                    .sorted(Comparator.comparing(DeploymentInfo::name))
                    .toList();
        });
    }

    /** The pod's log, the last {@code tailLines} lines; 404 when there is no such pod. */
    public Uni<String> logs(String namespace, String name, String container, int tailLines) {
        return blocking(() -> {
            Pod pod = client.pods().inNamespace(namespace).withName(name).get();
            if (pod == null) {
                throw ApiProblem.notFound("no pod " + namespace + "/" + name);
            }
            if (container != null && pod.getSpec().getContainers().stream()
                    .noneMatch(c -> container.equals(c.getName()))) {
                throw ApiProblem.notFound("pod " + namespace + "/" + name + " has no container " + container);
            }
            var resource = client.pods().inNamespace(namespace).withName(name);
            String log = container == null ? resource.tailingLines(tailLines).getLog()
                    : resource.inContainer(container).tailingLines(tailLines).getLog();
            return log == null ? "" : log;
        });
    }

    /**
     * Fails with 404 when the Kubernetes API says there is no such pod, so nothing is sent for a pod that does not
     * exist. When the API cannot be asked (unreachable, refused, too slow) the caller goes ahead: the simulator
     * and the mitigation service check again and say so in their outcome.
     */
    public Uni<Void> requirePod(String namespace, String name) {
        return Uni.createFrom().item(() -> client.pods().inNamespace(namespace).withName(name).get() != null)
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .ifNoItem().after(config.kubernetesTimeout()).fail()
                .onFailure().recoverWithItem(e -> {
                    io.quarkus.logging.Log.warnf("cannot check that pod %s/%s exists (%s); sending anyway", namespace,
                            name, e.getMessage());
                    return true;
                })
                .invoke(exists -> {
                    if (!exists) {
                        throw ApiProblem.notFound("no pod " + namespace + "/" + name + " in the cluster: check the "
                                + "name (GET /api/cluster/pods?namespace=" + namespace + " lists them)");
                    }
                }).replaceWithVoid();
    }

    private <T> Uni<T> blocking(Supplier<T> call) {
        return Uni.createFrom().item(call).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .ifNoItem().after(config.kubernetesTimeout()).fail();
    }

    private PodInfo pod(Pod p, Set<String> infected) {
        String key = key(p);
        Map<String, String> labels = p.getMetadata().getLabels() == null ? Map.of() : p.getMetadata().getLabels();
        Optional<IncidentSnapshot> incident = incidents.ofPod(key);
        boolean open = incident.map(i -> i.status().infected()).orElse(false);
        boolean quarantined = labels.containsKey(QUARANTINE_LABEL) || (open && incident.get().quarantined());
        boolean evicted = open && incident.get().evicted();
        return new PodInfo(p.getMetadata().getNamespace(), p.getMetadata().getName(),
                p.getStatus() == null ? null : p.getStatus().getPhase(),
                p.getSpec() == null ? null : p.getSpec().getNodeName(),
                p.getStatus() == null ? null : p.getStatus().getPodIP(), labels, owner(p),
                isInfected(p, infected), quarantined, evicted, incident.map(IncidentSnapshot::id).orElse(null));
    }

    private static boolean isInfected(Pod p, Set<String> infected) {
        Map<String, String> labels = p.getMetadata().getLabels();
        return infected.contains(key(p)) || (labels != null && "infected".equals(labels.get(STATUS_LABEL)));
    }

    private DeploymentInfo deployment(Deployment d, List<Pod> pods, Set<String> infected) {
        String name = d.getMetadata().getName();
        List<String> infectedPods = pods.stream()
                .filter(p -> ("Deployment/" + name).equals(owner(p)) && isInfected(p, infected))
                .map(ClusterService::key).toList();
        Integer replicas = d.getSpec() == null ? null : d.getSpec().getReplicas();
        Integer ready = d.getStatus() == null ? null : d.getStatus().getReadyReplicas();
        Map<String, String> selector = d.getSpec() == null || d.getSpec().getSelector() == null
                || d.getSpec().getSelector().getMatchLabels() == null ? Map.of()
                : d.getSpec().getSelector().getMatchLabels();
        return new DeploymentInfo(d.getMetadata().getNamespace(), name, replicas == null ? 0 : replicas,
                ready == null ? 0 : ready, selector, !infectedPods.isEmpty(), infectedPods);
    }

    /**
     * The workload owning a pod: a ReplicaSet made by a Deployment is named {@code <deployment>-<pod-template-hash>},
     * so the Deployment is read from the name without another API call.
     */
    static String owner(Pod p) {
        List<OwnerReference> refs = p.getMetadata().getOwnerReferences();
        if (refs == null || refs.isEmpty()) {
            return null;
        }
        OwnerReference ref = refs.stream().filter(r -> Boolean.TRUE.equals(r.getController())).findFirst()
                .orElse(refs.get(0));
        String hash = p.getMetadata().getLabels() == null ? null : p.getMetadata().getLabels().get("pod-template-hash");
        if ("ReplicaSet".equals(ref.getKind()) && hash != null && ref.getName().endsWith("-" + hash)) {
            return "Deployment/" + ref.getName().substring(0, ref.getName().length() - hash.length() - 1);
        }
        return ref.getKind() + "/" + ref.getName();
    }

    private static String key(Pod p) {
        return PodKey.of(p.getMetadata().getNamespace(), p.getMetadata().getName());
    }

    /**
     * A pod, marked.
     *
     * @param namespace namespace
     * @param name name
     * @param phase Pending, Running, ...
     * @param node node it runs on
     * @param ip pod IP
     * @param labels its labels
     * @param owner owning workload, e.g. {@code Deployment/target}
     * @param infected it has an open incident, or the mitigation service labelled it infected
     * @param quarantined a quarantine is in force
     * @param evicted the malicious file was evicted
     * @param incidentId its latest incident, if any
     */
    public record PodInfo(String namespace, String name, String phase, String node, String ip,
            Map<String, String> labels, String owner, boolean infected, boolean quarantined, boolean evicted,
            String incidentId) {
    }

    /**
     * A node, marked.
     *
     * @param name name
     * @param ready its Ready condition is True
     * @param cordoned unschedulable
     * @param internalIp its InternalIP
     * @param pods pods running on it
     * @param infected it runs an infected pod
     * @param infectedPods which ({@code ns/pod})
     */
    public record NodeInfo(String name, boolean ready, boolean cordoned, String internalIp, long pods,
            boolean infected, List<String> infectedPods) {
    }

    /**
     * A Deployment, marked.
     *
     * @param namespace namespace
     * @param name name
     * @param replicas desired replicas
     * @param readyReplicas ready replicas
     * @param selector its pod selector
     * @param infected one of its pods is infected
     * @param infectedPods which ({@code ns/pod})
     */
    public record DeploymentInfo(String namespace, String name, int replicas, int readyReplicas,
            Map<String, String> selector, boolean infected, List<String> infectedPods) {
    }
}
