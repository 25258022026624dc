package io.c2intents.lab.controller;

import io.c2intents.lab.api.ApiException;
import io.c2intents.lab.api.ApiStore;
import io.c2intents.lab.clock.LabClock;
import io.c2intents.lab.pod.PodLog;
import io.c2intents.lab.pod.PodRegistry;
import io.c2intents.lab.pod.PodRuntime;
import io.c2intents.lab.pod.ProcessTable;
import io.c2intents.lab.vfs.AlpineImage;
import io.c2intents.lab.vfs.VirtualFileSystem;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The lab's kube-controller-manager, scheduler and kubelets in one loop: turns Deployments into ReplicaSets and
 * ReplicaSets into pods (owner references, ReplicaSet-style names), schedules pods on Ready, uncordoned nodes,
 * starts them (pod IP from the node's CIDR, status Running and Ready, a fresh file tree), replaces deleted pods,
 * garbage-collects what lost its owner, namespace or node, and keeps Deployment and ReplicaSet status true.
 * <p>
 * It runs on its own thread and reads and writes through the {@link ApiStore}, so every change is a normal API
 * write that watches and informers see. It is level-triggered: each pass compares the whole state with what it
 * should be; any write (by a client or by itself) requests another pass, and a resync runs every 30 s.
 */
public final class WorkloadController implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(WorkloadController.class);

    private static final String NAMESPACES = "/api/v1/namespaces";
    private static final String NODES = "/api/v1/nodes";
    private static final String PODS = "/api/v1/pods";
    private static final String DEPLOYMENTS = "/apis/apps/v1/deployments";
    private static final String REPLICA_SETS = "/apis/apps/v1/replicasets";
    private static final String TEMPLATE_HASH = "pod-template-hash";
    /** Every change arrives as a write that requests a pass; the resync only recovers from a failed pass. */
    private static final long RESYNC_MILLIS = 30_000;
    /** Collections emptied when their namespace goes, as the namespace controller does. */
    private static final List<String> NAMESPACED_COLLECTIONS = List.of(
            "/apis/apps/v1/namespaces/%s/deployments", "/apis/apps/v1/namespaces/%s/replicasets",
            "/apis/apps/v1/namespaces/%s/daemonsets", "/apis/apps/v1/namespaces/%s/statefulsets",
            "/api/v1/namespaces/%s/pods", "/api/v1/namespaces/%s/services", "/api/v1/namespaces/%s/configmaps",
            "/api/v1/namespaces/%s/secrets", "/api/v1/namespaces/%s/serviceaccounts",
            "/api/v1/namespaces/%s/endpoints", "/api/v1/namespaces/%s/events",
            "/apis/cilium.io/v2/namespaces/%s/ciliumnetworkpolicies",
            "/apis/networking.k8s.io/v1/namespaces/%s/networkpolicies",
            "/apis/policy/v1/namespaces/%s/poddisruptionbudgets", "/apis/batch/v1/namespaces/%s/jobs",
            "/apis/batch/v1/namespaces/%s/cronjobs", "/apis/coordination.k8s.io/v1/namespaces/%s/leases");
    /** What a fresh lab holds, as in a new kind cluster. */
    public static final List<String> INITIAL_NAMESPACES = List.of("default", "kube-system", "kube-public",
            "kube-node-lease");

    private final ApiStore store;
    private final LabClock clock;
    private final PodRegistry registry;
    private final ClusterTopology topology;
    private final PodScheduler scheduler = new PodScheduler();
    private final Map<String, PodIpAllocator> allocators = new HashMap<>();
    /** Runtimes by pod UID; touched by the controller thread only. */
    private final Map<String, PodRuntime> runtimes = new HashMap<>();
    private final Semaphore signal = new Semaphore(0);
    private final AtomicLong passes = new AtomicLong();
    private final Thread thread;
    private volatile boolean running;
    private Set<String> knownNamespaces = Set.of();

    public WorkloadController(ApiStore store, LabClock clock, PodRegistry registry, ClusterTopology topology) {
        this.store = store;
        this.clock = clock;
        this.registry = registry;
        this.topology = topology;
        topology.nodes().forEach(node -> allocators.put(node.name(), new PodIpAllocator(node.podCidr())));
        this.thread = new Thread(this::loop, "lab-controller");
        this.thread.setDaemon(true);
    }

    /** Creates the initial namespaces and nodes, then starts the loop. */
    public void start() {
        for (String name : INITIAL_NAMESPACES) {
            store.create(NAMESPACES, new NamespaceBuilder().withNewMetadata().withName(name)
                    .addToLabels("kubernetes.io/metadata.name", name).endMetadata()
                    .withNewSpec().endSpec()
                    .withNewStatus().withPhase("Active").endStatus().build());
        }
        for (LabNode node : topology.nodes()) {
            store.create(NODES, node(node));
        }
        running = true;
        thread.start();
        requestReconcile();
    }

    /** Asks for a pass soon; many requests before it runs make one pass. */
    public void requestReconcile() {
        signal.release();
    }

    /** How many passes ran (diagnostics). */
    public long passes() {
        return passes.get();
    }

    /** The eviction endpoint tells the scheduler where the owner's replacement pod should not go. */
    public void evicted(Pod pod) {
        controllerOf(pod).ifPresent(owner -> scheduler.evicted(owner.getUid(), pod.getSpec() == null ? null
                : pod.getSpec().getNodeName()));
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        while (running) {
            try {
                signal.tryAcquire(RESYNC_MILLIS, TimeUnit.MILLISECONDS);
                signal.drainPermits();
            } catch (InterruptedException e) {
                return;
            }
            if (!running) {
                return;
            }
            try {
                reconcile();
            } catch (RuntimeException e) {
                LOG.warn("controller pass failed; retrying", e);
                sleepQuietly();
                requestReconcile();
            }
        }
    }

    private void reconcile() {
        passes.incrementAndGet();
        List<Namespace> namespaces = store.list(NAMESPACES, Namespace.class);
        Set<String> namespaceNames = namespaces.stream().map(ns -> ns.getMetadata().getName())
                .collect(Collectors.toSet());
        emptyDeletedNamespaces(namespaceNames);
        activateNamespaces(namespaces);

        List<Node> nodes = store.list(NODES, Node.class);
        Map<String, Node> nodesByName = nodes.stream()
                .collect(Collectors.toMap(node -> node.getMetadata().getName(), node -> node, (a, b) -> a));
        List<Deployment> deployments = new ArrayList<>(store.list(DEPLOYMENTS, Deployment.class));
        List<ReplicaSet> replicaSets = new ArrayList<>(store.list(REPLICA_SETS, ReplicaSet.class));
        List<Pod> pods = new ArrayList<>(store.list(PODS, Pod.class));
        deployments.removeIf(d -> !namespaceNames.contains(d.getMetadata().getNamespace()));

        // Garbage collection: ReplicaSets whose Deployment went, pods whose ReplicaSet, namespace or node went.
        Set<String> deploymentUids = uids(deployments);
        replicaSets.removeIf(rs -> {
            boolean orphan = !namespaceNames.contains(rs.getMetadata().getNamespace())
                    || controllerOf(rs).filter(o -> "Deployment".equals(o.getKind()))
                            .map(o -> !deploymentUids.contains(o.getUid())).orElse(false);
            if (orphan) {
                deleteQuietly(REPLICA_SETS, rs);
            }
            return orphan;
        });
        Set<String> replicaSetUids = uids(replicaSets);
        pods.removeIf(pod -> {
            String nodeName = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
            boolean orphan = !namespaceNames.contains(pod.getMetadata().getNamespace())
                    || controllerOf(pod).filter(o -> "ReplicaSet".equals(o.getKind()))
                            .map(o -> !replicaSetUids.contains(o.getUid())).orElse(false)
                    || (nodeName != null && !nodesByName.containsKey(nodeName));
            if (orphan) {
                deleteQuietly(PODS, pod);
            }
            return orphan;
        });
        pods.removeIf(pod -> pod.getMetadata().getDeletionTimestamp() != null);

        for (Deployment deployment : deployments) {
            reconcileDeployment(deployment, replicaSets);
        }
        for (ReplicaSet replicaSet : List.copyOf(replicaSets)) {
            reconcileReplicaSet(replicaSet, pods, nodes);
        }
        for (Pod pod : pods) {
            reconcilePod(pod, pods, nodes, nodesByName);
        }
        syncRuntimes(pods);
        for (ReplicaSet replicaSet : replicaSets) {
            updateReplicaSetStatus(replicaSet, pods);
        }
        for (Deployment deployment : deployments) {
            updateDeploymentStatus(deployment, replicaSets, pods);
        }
    }

    // ---- namespaces ------------------------------------------------------------------------------------------

    private void emptyDeletedNamespaces(Set<String> current) {
        for (String gone : knownNamespaces) {
            if (!current.contains(gone)) {
                LOG.debugf("namespace %s deleted: removing its objects", gone);
                for (String collection : NAMESPACED_COLLECTIONS) {
                    try {
                        store.delete(String.format(collection, gone));
                    } catch (ApiException e) {
                        LOG.debugf("cannot empty %s: %s", collection, e.getMessage());
                    }
                }
            }
        }
        knownNamespaces = Set.copyOf(current);
    }

    private void activateNamespaces(List<Namespace> namespaces) {
        for (Namespace namespace : namespaces) {
            if (namespace.getStatus() == null || namespace.getStatus().getPhase() == null) {
                String name = namespace.getMetadata().getName();
                Map<String, Object> patch = Map.of(
                        "metadata", Map.of("labels", Map.of("kubernetes.io/metadata.name", name)),
                        "status", Map.of("phase", "Active"));
                store.mergePatch(NAMESPACES + "/" + name, patch);
            }
        }
    }

    // ---- deployments -----------------------------------------------------------------------------------------

    private void reconcileDeployment(Deployment deployment, List<ReplicaSet> replicaSets) {
        String uid = deployment.getMetadata().getUid();
        String namespace = deployment.getMetadata().getNamespace();
        PodTemplateSpec template = deployment.getSpec().getTemplate();
        String hash = Names.templateHash(ApiStore.write(template));
        int desired = replicas(deployment.getSpec().getReplicas());
        List<ReplicaSet> owned = replicaSets.stream().filter(rs -> ownedBy(rs, uid)).toList();
        Optional<ReplicaSet> current = owned.stream()
                .filter(rs -> hash.equals(labels(rs).get(TEMPLATE_HASH))).findFirst();
        if (current.isEmpty()) {
            ReplicaSet created = store.create(rsCollection(namespace), newReplicaSet(deployment, hash, desired,
                    owned.size() + 1));
            replicaSets.add(created);
        } else if (replicas(current.get().getSpec().getReplicas()) != desired) {
            store.mergePatch(rsCollection(namespace) + "/" + current.get().getMetadata().getName(),
                    Map.of("spec", Map.of("replicas", desired)));
            current.get().getSpec().setReplicas(desired);
        }
        // The old template's ReplicaSets go to zero: a rollout, without surge (the lab has no image pulls to wait for).
        for (ReplicaSet old : owned) {
            if (current.isPresent() && old == current.get()) {
                continue;
            }
            if (replicas(old.getSpec().getReplicas()) != 0) {
                store.mergePatch(rsCollection(namespace) + "/" + old.getMetadata().getName(),
                        Map.of("spec", Map.of("replicas", 0)));
                old.getSpec().setReplicas(0);
            }
        }
    }

    private static ReplicaSet newReplicaSet(Deployment deployment, String hash, int replicas, int revision) {
        String name = deployment.getMetadata().getName() + "-" + hash;
        PodTemplateSpec template = ApiStore.read(ApiStore.write(deployment.getSpec().getTemplate()),
                PodTemplateSpec.class);
        Map<String, String> labels = new LinkedHashMap<>(labels(template));
        labels.put(TEMPLATE_HASH, hash);
        template.getMetadata().setLabels(labels);
        Map<String, String> selector = new LinkedHashMap<>();
        if (deployment.getSpec().getSelector() != null && deployment.getSpec().getSelector().getMatchLabels() != null) {
            selector.putAll(deployment.getSpec().getSelector().getMatchLabels());
        }
        selector.put(TEMPLATE_HASH, hash);
        return new ReplicaSetBuilder()
                .withNewMetadata()
                    .withName(name)
                    .withNamespace(deployment.getMetadata().getNamespace())
                    .withLabels(labels)
                    .addToAnnotations("deployment.kubernetes.io/revision", String.valueOf(revision))
                    .addToAnnotations("deployment.kubernetes.io/desired-replicas", String.valueOf(replicas))
                    .withOwnerReferences(owner("apps/v1", "Deployment", deployment))
                .endMetadata()
                .withNewSpec()
                    .withReplicas(replicas)
                    .withNewSelector().withMatchLabels(selector)
                        .withMatchExpressions(deployment.getSpec().getSelector() == null ? List.of()
                                : deployment.getSpec().getSelector().getMatchExpressions())
                    .endSelector()
                    .withTemplate(template)
                .endSpec()
                .build();
    }

    private void updateDeploymentStatus(Deployment deployment, List<ReplicaSet> replicaSets, List<Pod> pods) {
        String uid = deployment.getMetadata().getUid();
        int desired = replicas(deployment.getSpec().getReplicas());
        String hash = Names.templateHash(ApiStore.write(deployment.getSpec().getTemplate()));
        int total = 0;
        int updated = 0;
        int ready = 0;
        for (ReplicaSet rs : replicaSets) {
            if (!ownedBy(rs, uid)) {
                continue;
            }
            List<Pod> owned = pods.stream().filter(pod -> ownedBy(pod, rs.getMetadata().getUid())).toList();
            total += owned.size();
            if (hash.equals(labels(rs).get(TEMPLATE_HASH))) {
                updated += owned.size();
            }
            ready += (int) owned.stream().filter(this::ready).count();
        }
        boolean available = ready >= desired;
        boolean complete = updated == desired && total == desired && available;
        DeploymentStatus previous = deployment.getStatus();
        if (previous != null && Objects.equals(previous.getObservedGeneration(), deployment.getMetadata().getGeneration())
                && Objects.equals(previous.getReplicas(), total) && Objects.equals(previous.getUpdatedReplicas(), updated)
                && Objects.equals(previous.getReadyReplicas(), ready)
                && Objects.equals(previous.getAvailableReplicas(), ready)
                && conditionIs(previous.getConditions(), "Available", available)
                && conditionIs(previous.getConditions(), "Progressing", true)) {
            return;
        }
        String now = timestamp();
        List<DeploymentCondition> conditions = List.of(
                new DeploymentConditionBuilder().withType("Available").withStatus(available ? "True" : "False")
                        .withReason(available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable")
                        .withMessage(available ? "Deployment has minimum availability."
                                : "Deployment does not have minimum availability.")
                        .withLastTransitionTime(now).withLastUpdateTime(now).build(),
                new DeploymentConditionBuilder().withType("Progressing").withStatus("True")
                        .withReason(complete ? "NewReplicaSetAvailable" : "ReplicaSetUpdated")
                        .withMessage("ReplicaSet \"" + deployment.getMetadata().getName() + "-" + hash + "\" "
                                + (complete ? "has successfully progressed." : "is progressing."))
                        .withLastTransitionTime(now).withLastUpdateTime(now).build());
        DeploymentStatus status = new DeploymentStatusBuilder()
                .withObservedGeneration(deployment.getMetadata().getGeneration())
                .withReplicas(total)
                .withUpdatedReplicas(updated)
                .withReadyReplicas(ready)
                .withAvailableReplicas(ready)
                .withUnavailableReplicas(Math.max(0, desired - ready) == 0 ? null : Math.max(0, desired - ready))
                .withConditions(conditions)
                .build();
        patchStatus(deploymentPath(deployment) + "/status", status);
    }

    // ---- replica sets ----------------------------------------------------------------------------------------

    private void reconcileReplicaSet(ReplicaSet replicaSet, List<Pod> pods, List<Node> nodes) {
        String uid = replicaSet.getMetadata().getUid();
        List<Pod> owned = pods.stream().filter(pod -> ownedBy(pod, uid)).toList();
        int desired = replicas(replicaSet.getSpec().getReplicas());
        if (owned.size() < desired) {
            for (int i = owned.size(); i < desired; i++) {
                pods.add(createPod(replicaSet, pods, nodes));
            }
        } else if (owned.size() > desired) {
            List<Pod> victims = owned.stream().sorted(deletionPreference()).limit(owned.size() - desired).toList();
            for (Pod victim : victims) {
                deleteQuietly(PODS, victim);
                pods.remove(victim);
            }
        }
    }

    /** Which pods a ReplicaSet scales down first: unscheduled, then not running, then the newest. */
    private Comparator<Pod> deletionPreference() {
        return Comparator.<Pod>comparingInt(pod -> pod.getSpec().getNodeName() == null ? 0 : 1)
                .thenComparingInt(pod -> ready(pod) ? 1 : 0)
                .thenComparing(pod -> Objects.toString(pod.getMetadata().getCreationTimestamp(), ""),
                        Comparator.reverseOrder());
    }

    private Pod createPod(ReplicaSet replicaSet, List<Pod> pods, List<Node> nodes) {
        String namespace = replicaSet.getMetadata().getNamespace();
        PodTemplateSpec template = replicaSet.getSpec().getTemplate();
        PodSpec spec = withDefaults(ApiStore.read(ApiStore.write(template.getSpec()), PodSpec.class));
        Pod pod = new PodBuilder()
                .withNewMetadata()
                    .withGenerateName(replicaSet.getMetadata().getName() + "-")
                    .withNamespace(namespace)
                    .withLabels(labels(template))
                    .withAnnotations(template.getMetadata() == null ? null : template.getMetadata().getAnnotations())
                    .withOwnerReferences(owner("apps/v1", "ReplicaSet", replicaSet))
                .endMetadata()
                .withSpec(spec)
                .build();
        Optional<String> node = choose(pod, replicaSet.getMetadata().getUid(), pods, nodes);
        node.ifPresent(spec::setNodeName);
        pod.setStatus(pendingStatus(node.isPresent(), nodes));
        for (int attempt = 0; ; attempt++) {
            pod.getMetadata().setName(replicaSet.getMetadata().getName() + "-" + Names.randomSuffix());
            try {
                return store.create("/api/v1/namespaces/" + namespace + "/pods", pod);
            } catch (ApiException e) {
                if (e.code() != 409 || attempt >= 3) {
                    throw e;
                }
            }
        }
    }

    private void updateReplicaSetStatus(ReplicaSet replicaSet, List<Pod> pods) {
        List<Pod> owned = pods.stream().filter(pod -> ownedBy(pod, replicaSet.getMetadata().getUid())).toList();
        int ready = (int) owned.stream().filter(this::ready).count();
        ReplicaSetStatus previous = replicaSet.getStatus();
        if (previous != null && Objects.equals(previous.getReplicas(), owned.size())
                && Objects.equals(previous.getReadyReplicas(), ready)
                && Objects.equals(previous.getAvailableReplicas(), ready)
                && Objects.equals(previous.getObservedGeneration(), replicaSet.getMetadata().getGeneration())) {
            return;
        }
        ReplicaSetStatus status = new ReplicaSetStatusBuilder()
                .withReplicas(owned.size())
                .withFullyLabeledReplicas(owned.size())
                .withReadyReplicas(ready)
                .withAvailableReplicas(ready)
                .withObservedGeneration(replicaSet.getMetadata().getGeneration())
                .build();
        patchStatus(rsCollection(replicaSet.getMetadata().getNamespace()) + "/" + replicaSet.getMetadata().getName()
                + "/status", status);
    }

    // ---- pods ------------------------------------------------------------------------------------------------

    private void reconcilePod(Pod pod, List<Pod> pods, List<Node> nodes, Map<String, Node> nodesByName) {
        String nodeName = pod.getSpec().getNodeName();
        if (nodeName == null || nodeName.isEmpty()) {
            Optional<String> chosen = choose(pod, controllerOf(pod).map(OwnerReference::getUid).orElse(null), pods,
                    nodes);
            if (chosen.isPresent()) {
                store.mergePatch(podPath(pod), Map.of("spec", Map.of("nodeName", chosen.get())));
                pod.getSpec().setNodeName(chosen.get());
                nodeName = chosen.get();
            } else {
                PodStatus pending = pendingStatus(false, nodes);
                if (pod.getStatus() == null || !"Pending".equals(pod.getStatus().getPhase())
                        || !sameConditionMessage(pod.getStatus(), pending)) {
                    patchStatus(podPath(pod) + "/status", pending);
                }
                return;
            }
        }
        if (runtimes.containsKey(pod.getMetadata().getUid())) {
            return;
        }
        LabNode node = topology.node(nodeName).orElse(null);
        if (node == null || !PodScheduler.ready(nodesByName.get(nodeName))) {
            return;
        }
        start(pod, node);
    }

    private void start(Pod pod, LabNode node) {
        PodIpAllocator allocator = allocators.get(node.name());
        String existingIp = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
        boolean running = pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase());
        String ip;
        if (running && existingIp != null && allocator.reserve(existingIp)) {
            ip = existingIp;
        } else {
            Optional<String> allocated = allocator.allocate();
            if (allocated.isEmpty()) {
                LOG.warnf("node %s has no free pod IP for %s/%s", node.name(), pod.getMetadata().getNamespace(),
                        pod.getMetadata().getName());
                return;
            }
            ip = allocated.get();
            running = false;
        }
        Instant startTime = clock.now();
        if (!running) {
            try {
                PodStatus status = runningStatus(pod, ip, node.internalIp(), startTime);
                patchStatus(podPath(pod) + "/status", status);
                pod.setStatus(status);
            } catch (RuntimeException e) {
                allocator.release(ip);
                throw e;
            }
        }
        String hostname = pod.getSpec().getHostname() != null ? pod.getSpec().getHostname()
                : pod.getMetadata().getName();
        VirtualFileSystem fs = AlpineImage.newFileSystem(clock, hostname);
        ProcessTable processes = new ProcessTable();
        processes.spawn(commandLine(pod));
        String[] workload = workloadOf(pod);
        PodRuntime runtime = new PodRuntime(pod, node.name(), ip, node.internalIp(), workload[0], workload[1],
                startTime, fs, new PodLog(PodLog.DEFAULT_CAPACITY), processes);
        runtimes.put(pod.getMetadata().getUid(), runtime);
        registry.started(runtime);
    }

    private void syncRuntimes(List<Pod> pods) {
        Map<String, Pod> byUid = new HashMap<>();
        pods.forEach(pod -> byUid.put(pod.getMetadata().getUid(), pod));
        for (Map.Entry<String, PodRuntime> entry : List.copyOf(runtimes.entrySet())) {
            Pod pod = byUid.get(entry.getKey());
            PodRuntime runtime = entry.getValue();
            if (pod == null) {
                runtimes.remove(entry.getKey());
                allocators.get(runtime.nodeName()).release(runtime.podIp());
                registry.stopped(runtime);
            } else {
                registry.observed(runtime, pod);
            }
        }
    }

    private Optional<String> choose(Pod pod, String ownerUid, List<Pod> pods, List<Node> nodes) {
        Map<String, Integer> ownerPods = new HashMap<>();
        Map<String, Integer> allPods = new HashMap<>();
        for (Pod other : pods) {
            String node = other.getSpec() == null ? null : other.getSpec().getNodeName();
            if (node == null) {
                continue;
            }
            allPods.merge(node, 1, Integer::sum);
            if (ownerUid != null && ownedBy(other, ownerUid)) {
                ownerPods.merge(node, 1, Integer::sum);
            }
        }
        List<Node> known = nodes.stream().filter(node -> allocators.containsKey(node.getMetadata().getName())).toList();
        return scheduler.choose(pod, ownerUid, known, ownerPods, allPods,
                node -> !allocators.get(node).full());
    }

    private boolean ready(Pod pod) {
        return runtimes.containsKey(pod.getMetadata().getUid())
                && pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase());
    }

    private PodStatus pendingStatus(boolean scheduled, List<Node> nodes) {
        PodCondition condition = scheduled
                ? new PodConditionBuilder().withType("PodScheduled").withStatus("True")
                        .withLastTransitionTime(timestamp()).build()
                : new PodConditionBuilder().withType("PodScheduled").withStatus("False").withReason("Unschedulable")
                        .withMessage(PodScheduler.unschedulableMessage(nodes)).withLastTransitionTime(timestamp())
                        .build();
        return new PodStatusBuilder().withPhase("Pending").withConditions(condition).withQosClass("BestEffort")
                .build();
    }

    private static boolean sameConditionMessage(PodStatus current, PodStatus wanted) {
        if (current.getConditions() == null || current.getConditions().isEmpty()) {
            return false;
        }
        return Objects.equals(current.getConditions().get(0).getMessage(), wanted.getConditions().get(0).getMessage());
    }

    private PodStatus runningStatus(Pod pod, String ip, String hostIp, Instant startTime) {
        String time = DateTimeFormatter.ISO_INSTANT.format(startTime.truncatedTo(ChronoUnit.SECONDS));
        List<PodCondition> conditions = new ArrayList<>();
        for (String type : List.of("PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady",
                "PodScheduled")) {
            conditions.add(new PodConditionBuilder().withType(type).withStatus("True").withLastTransitionTime(time)
                    .build());
        }
        List<ContainerStatus> containers = new ArrayList<>();
        for (Container container : pod.getSpec().getContainers()) {
            String image = container.getImage() == null ? "" : container.getImage();
            containers.add(new ContainerStatusBuilder()
                    .withName(container.getName())
                    .withImage(qualifiedImage(image))
                    .withImageID(qualifiedImage(image).replaceAll(":[^:/]+$", "") + "@sha256:" + sha256(image))
                    .withContainerID("containerd://" + sha256(pod.getMetadata().getUid() + "/" + container.getName()))
                    .withReady(true)
                    .withStarted(true)
                    .withRestartCount(0)
                    .withNewState().withNewRunning().withStartedAt(time).endRunning().endState()
                    .build());
        }
        return new PodStatusBuilder()
                .withPhase("Running")
                .withConditions(conditions)
                .withHostIP(hostIp)
                .addNewHostIP().withIp(hostIp).endHostIP()
                .withPodIP(ip)
                .addNewPodIP().withIp(ip).endPodIP()
                .withStartTime(time)
                .withContainerStatuses(containers)
                .withQosClass("BestEffort")
                .build();
    }

    private static PodSpec withDefaults(PodSpec spec) {
        if (spec.getRestartPolicy() == null) {
            spec.setRestartPolicy("Always");
        }
        if (spec.getDnsPolicy() == null) {
            spec.setDnsPolicy("ClusterFirst");
        }
        if (spec.getSchedulerName() == null) {
            spec.setSchedulerName("default-scheduler");
        }
        if (spec.getServiceAccountName() == null) {
            spec.setServiceAccountName("default");
            spec.setServiceAccount("default");
        }
        if (spec.getTerminationGracePeriodSeconds() == null) {
            spec.setTerminationGracePeriodSeconds(30L);
        }
        for (Container container : spec.getContainers()) {
            if (container.getImagePullPolicy() == null) {
                String image = container.getImage() == null ? "" : container.getImage();
                boolean latest = !image.contains(":") || image.endsWith(":latest");
                container.setImagePullPolicy(latest ? "Always" : "IfNotPresent");
            }
            if (container.getTerminationMessagePath() == null) {
                container.setTerminationMessagePath("/dev/termination-log");
                container.setTerminationMessagePolicy("File");
            }
        }
        return spec;
    }

    private static String commandLine(Pod pod) {
        if (pod.getSpec().getContainers().isEmpty()) {
            return "/pause";
        }
        Container container = pod.getSpec().getContainers().get(0);
        List<String> words = new ArrayList<>();
        if (container.getCommand() != null) {
            words.addAll(container.getCommand());
        }
        if (container.getArgs() != null) {
            words.addAll(container.getArgs());
        }
        // alpine's image runs /bin/sh when given nothing
        return words.isEmpty() ? "/bin/sh" : String.join(" ", words);
    }

    private String[] workloadOf(Pod pod) {
        Optional<OwnerReference> owner = controllerOf(pod);
        if (owner.isEmpty()) {
            return new String[] {"Pod", pod.getMetadata().getName()};
        }
        if ("ReplicaSet".equals(owner.get().getKind())) {
            Optional<ReplicaSet> rs = store.get(rsCollection(pod.getMetadata().getNamespace()) + "/"
                    + owner.get().getName(), ReplicaSet.class);
            Optional<OwnerReference> deployment = rs.flatMap(WorkloadController::controllerOf)
                    .filter(o -> "Deployment".equals(o.getKind()));
            if (deployment.isPresent()) {
                return new String[] {"Deployment", deployment.get().getName()};
            }
        }
        return new String[] {owner.get().getKind(), owner.get().getName()};
    }

    // ---- nodes -----------------------------------------------------------------------------------------------

    private Node node(LabNode node) {
        String time = timestamp();
        Map<String, Quantity> capacity = Map.of("cpu", new Quantity("4"), "memory", new Quantity("8Gi"),
                "pods", new Quantity("110"), "ephemeral-storage", new Quantity("100Gi"));
        return new NodeBuilder()
                .withNewMetadata()
                    .withName(node.name())
                    .addToLabels("kubernetes.io/hostname", node.name())
                    .addToLabels("kubernetes.io/os", "linux")
                    .addToLabels("kubernetes.io/arch", "amd64")
                    .addToLabels("beta.kubernetes.io/os", "linux")
                    .addToLabels("beta.kubernetes.io/arch", "amd64")
                    .addToAnnotations("io.cilium.network.ipv4-pod-cidr", node.podCidr())
                .endMetadata()
                .withNewSpec()
                    .withPodCIDR(node.podCidr())
                    .withPodCIDRs(node.podCidr())
                    .withProviderID("lab://" + node.name())
                .endSpec()
                .withNewStatus()
                    .addNewAddress().withType("InternalIP").withAddress(node.internalIp()).endAddress()
                    .addNewAddress().withType("Hostname").withAddress(node.name()).endAddress()
                    .addNewCondition().withType("MemoryPressure").withStatus("False").withReason("KubeletHasSufficientMemory")
                        .withMessage("kubelet has sufficient memory available").withLastHeartbeatTime(time).withLastTransitionTime(time).endCondition()
                    .addNewCondition().withType("DiskPressure").withStatus("False").withReason("KubeletHasNoDiskPressure")
                        .withMessage("kubelet has no disk pressure").withLastHeartbeatTime(time).withLastTransitionTime(time).endCondition()
                    .addNewCondition().withType("PIDPressure").withStatus("False").withReason("KubeletHasSufficientPID")
                        .withMessage("kubelet has sufficient PID available").withLastHeartbeatTime(time).withLastTransitionTime(time).endCondition()
                    .addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady")
                        .withMessage("kubelet is posting ready status").withLastHeartbeatTime(time).withLastTransitionTime(time).endCondition()
                    .withCapacity(capacity)
                    .withAllocatable(capacity)
                    .withNewNodeInfo()
                        .withArchitecture("amd64")
                        .withOperatingSystem("linux")
                        .withOsImage("c2intents lab node (virtual)")
                        .withKernelVersion("6.1.0-lab")
                        .withContainerRuntimeVersion("containerd://1.7.24")
                        .withKubeletVersion("v1.32.2")
                        .withKubeProxyVersion("v1.32.2")
                        .withMachineID(sha256(node.name()).substring(0, 32))
                        .withSystemUUID(sha256("uuid/" + node.name()).substring(0, 32))
                        .withBootID(sha256("boot/" + node.name()).substring(0, 32))
                    .endNodeInfo()
                .endStatus()
                .build();
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private void patchStatus(String path, Object status) {
        store.mergePatch(path, Map.of("status", status));
    }

    private void deleteQuietly(String collection, HasMetadata object) {
        String path = (collection.startsWith("/apis/apps") ? "/apis/apps/v1" : "/api/v1") + "/namespaces/"
                + object.getMetadata().getNamespace() + collection.substring(collection.lastIndexOf('/')) + "/"
                + object.getMetadata().getName();
        try {
            store.delete(path);
        } catch (ApiException e) {
            LOG.debugf("cannot delete %s: %s", path, e.getMessage());
        }
    }

    private static Optional<OwnerReference> controllerOf(HasMetadata object) {
        if (object.getMetadata().getOwnerReferences() == null) {
            return Optional.empty();
        }
        return object.getMetadata().getOwnerReferences().stream()
                .filter(owner -> Boolean.TRUE.equals(owner.getController())).findFirst();
    }

    private static boolean ownedBy(HasMetadata object, String ownerUid) {
        return controllerOf(object).map(owner -> ownerUid.equals(owner.getUid())).orElse(false);
    }

    private static OwnerReference owner(String apiVersion, String kind, HasMetadata owner) {
        return new OwnerReferenceBuilder().withApiVersion(apiVersion).withKind(kind)
                .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).build();
    }

    private static Set<String> uids(List<? extends HasMetadata> objects) {
        Set<String> uids = new HashSet<>();
        objects.forEach(object -> uids.add(object.getMetadata().getUid()));
        return uids;
    }

    private static Map<String, String> labels(HasMetadata object) {
        return object.getMetadata().getLabels() == null ? Map.of() : object.getMetadata().getLabels();
    }

    private static Map<String, String> labels(PodTemplateSpec template) {
        return template.getMetadata() == null || template.getMetadata().getLabels() == null ? Map.of()
                : template.getMetadata().getLabels();
    }

    private static int replicas(Integer replicas) {
        return replicas == null ? 1 : replicas;
    }

    private static boolean conditionIs(List<DeploymentCondition> conditions, String type, boolean value) {
        return conditions != null && conditions.stream()
                .anyMatch(c -> type.equals(c.getType()) && (value ? "True" : "False").equals(c.getStatus()));
    }

    private static String rsCollection(String namespace) {
        return "/apis/apps/v1/namespaces/" + namespace + "/replicasets";
    }

    private static String deploymentPath(Deployment deployment) {
        return "/apis/apps/v1/namespaces/" + deployment.getMetadata().getNamespace() + "/deployments/"
                + deployment.getMetadata().getName();
    }

    private static String podPath(Pod pod) {
        return "/api/v1/namespaces/" + pod.getMetadata().getNamespace() + "/pods/" + pod.getMetadata().getName();
    }

    private String timestamp() {
        return DateTimeFormatter.ISO_INSTANT.format(clock.now().truncatedTo(ChronoUnit.SECONDS));
    }

    private static String qualifiedImage(String image) {
        String withTag = image.contains(":") ? image : image + ":latest";
        if (withTag.contains("/") && withTag.substring(0, withTag.indexOf('/')).contains(".")) {
            return withTag;
        }
        return "docker.io/" + (withTag.contains("/") ? "" : "library/") + withTag;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
