package io.c2intents.lab.datapath;

import io.c2intents.hubble.flow.DropReason;
import io.c2intents.hubble.flow.Flow;
import io.c2intents.hubble.flow.TrafficDirection;
import io.c2intents.lab.api.ApiStore;
import io.c2intents.lab.cilium.CiliumPolicyStore;
import io.c2intents.lab.clock.LabClock;
import io.c2intents.lab.controller.ClusterTopology;
import io.c2intents.lab.controller.LabNode;
import io.c2intents.lab.datapath.FlowFactory.End;
import io.c2intents.lab.datapath.FlowFactory.Trace;
import io.c2intents.lab.pod.PodLifecycleListener;
import io.c2intents.lab.pod.PodRuntime;
import io.c2intents.lab.policy.EndpointLabels;
import io.c2intents.lab.policy.Ipv4;
import io.c2intents.lab.policy.Peer;
import io.c2intents.lab.policy.PolicyRepository;
import io.c2intents.lab.policy.Verdict;
import io.c2intents.lab.clock.SteppedLabClock;
import io.c2intents.lab.shell.CommandSet;
import io.c2intents.lab.shell.Shell;
import io.fabric8.kubernetes.api.model.Namespace;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The lab's Cilium datapath: every Running pod is an endpoint with a security identity; every ICMPv4 echo request a
 * pod sends is judged against the stored Cilium policies (egress at the sender, ingress at a receiving pod) and
 * becomes Hubble flows, FORWARDED with its reply flow, or DROPPED with Cilium's drop reason. It also runs each pod's
 * programs ({@link PodPrograms}: the container command's ping loop, its crond).
 * <p>
 * Listens to the pod registry (endpoints come and go with pods, identities follow label changes) and reads the
 * policy store's snapshots, recompiling when their version changes. Packets are sent from the lab clock's thread.
 */
public final class Datapath implements PodLifecycleListener, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Datapath.class);

    /** Label keys Cilium leaves out of identities by default (its label filter). */
    private static final List<String> EXCLUDED_LABEL_PREFIXES = List.of("io.kubernetes", "kubernetes.io",
            "statefulset.kubernetes.io", "batch.kubernetes.io", "pod-template-generation", "pod-template-hash",
            "controller-revision-hash", "controller-uid", "annotation.", "etcd_node");

    /** Requests an exec'd ping without {@code -c} or {@code -w} sends before it stops, as if interrupted. */
    static final int EXEC_PING_DEFAULT_COUNT = 10;

    private final LabClock clock;
    private final CiliumPolicyStore policyStore;
    private final ApiStore api;
    private final FlowSink sink;
    private final CommandSet commands;
    private final String clusterName;
    private final IdentityAllocator identities = new IdentityAllocator();
    private final Map<String, LabEndpoint> endpointsByPod = new ConcurrentHashMap<>();
    /** By runtime identity: the packet path looks endpoints up without building a key string. */
    private final Map<PodRuntime, LabEndpoint> endpointsByRuntime = new ConcurrentHashMap<>();
    private final Map<Integer, LabEndpoint> endpointsByIp = new ConcurrentHashMap<>();
    private final Map<String, PodPrograms> programs = new ConcurrentHashMap<>();
    private final Map<Integer, String> nodesByIp = new HashMap<>();
    private final Map<String, Map<Integer, String>> endpointIdsByNode = new HashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong drops = new AtomicLong();
    private final AtomicLong flows = new AtomicLong();
    private volatile PolicyRepository policies = PolicyRepository.EMPTY;
    private volatile boolean closed;

    /**
     * @param clusterName Cilium's cluster name, in the {@code io.cilium.k8s.policy.cluster} label
     */
    public Datapath(LabClock clock, CiliumPolicyStore policyStore, ApiStore api, ClusterTopology topology,
            FlowSink sink, CommandSet commands, String clusterName) {
        this.clock = clock;
        this.policyStore = policyStore;
        this.api = api;
        this.sink = sink;
        this.commands = commands;
        this.clusterName = clusterName;
        for (LabNode node : topology.nodes()) {
            nodesByIp.put(Ipv4.parseOrThrow(node.internalIp()), node.name());
            endpointIdsByNode.put(node.name(), new HashMap<>());
        }
        commands.register("ping", this::execPing);
    }

    /**
     * {@code ping} run through exec ({@code kubectl exec pod -- ping -c 3 1.1.1.1}). An exec answers at once, so the
     * pings run on a private stepped clock starting at the lab's now: the requests are judged and their flows stamped
     * 1 s apart in lab time, and the output comes back complete, as if the command had taken that long.
     */
    private int execPing(Shell.Invocation invocation) {
        PodPrograms owner = programs.values().stream()
                .filter(candidate -> candidate.pod().fileSystem() == invocation.fs()).findFirst().orElse(null);
        if (owner == null) {
            invocation.printError("ping: sendto: Network unreachable\n");
            return 1;
        }
        List<String> args = new ArrayList<>(invocation.args());
        if (PingProgram.parse(args) instanceof PingProgram.Options options && options.count() == 0
                && options.deadlineSeconds() == 0) {
            args.add(0, "-c");
            args.add(1, String.valueOf(EXEC_PING_DEFAULT_COUNT));
        }
        SteppedLabClock local = LabClock.stepped(clock.now());
        Instant giveUp = local.now().plus(Duration.ofHours(1));
        int[] exit = {-1};
        try {
            PingProgram.run(this, local, owner.pod(), args, text -> invocation.print(text),
                    text -> invocation.printError(text), owner::alive, code -> exit[0] = code);
            while (exit[0] < 0 && local.now().isBefore(giveUp) && owner.alive()) {
                local.advance(Duration.ofSeconds(1));
            }
        } finally {
            local.close();
        }
        return exit[0] < 0 ? 1 : exit[0];
    }

    public LabClock clock() {
        return clock;
    }

    CommandSet commands() {
        return commands;
    }

    /** The compiled policies, recompiled first if the store has a newer snapshot. */
    public PolicyRepository policies() {
        CiliumPolicyStore.Snapshot snapshot = policyStore.snapshot();
        PolicyRepository current = policies;
        if (snapshot.version() != current.revision()) {
            synchronized (this) {
                current = policies;
                if (snapshot.version() != current.revision()) {
                    current = PolicyRepository.compile(snapshot.version(), snapshot.networkPolicies(),
                            snapshot.clusterwidePolicies());
                    current.problems().forEach(problem -> LOG.warnf("policy left out: %s", problem));
                    policies = current;
                    LOG.debugf("datapath: %s", current);
                }
            }
        }
        return current;
    }

    /** Counters: echo requests sent, dropped, flows emitted. */
    public long requestsSent() {
        return requests.get();
    }

    public long requestsDropped() {
        return drops.get();
    }

    public long flowsEmitted() {
        return flows.get();
    }

    /** The programs of a Running pod (its crond, diagnostics), if it runs. */
    public Optional<PodPrograms> programs(String namespace, String name) {
        return Optional.ofNullable(programs.get(namespace + "/" + name));
    }

    // --- pods ---------------------------------------------------------------------------------------------------

    @Override
    public void podCreated(PodRuntime pod) {
        if (closed) {
            return;
        }
        LabEndpoint endpoint = newEndpoint(pod);
        endpointsByPod.put(pod.key(), endpoint);
        endpointsByRuntime.put(pod, endpoint);
        endpointsByIp.put(endpoint.ip(), endpoint);
        PodPrograms podPrograms = new PodPrograms(this, pod);
        PodPrograms previous = programs.put(pod.key(), podPrograms);
        if (previous != null) {
            previous.stop();
        }
        clock.schedule(clock.now(), podPrograms::start);
    }

    @Override
    public void podDeleted(PodRuntime pod) {
        endpointsByRuntime.remove(pod);
        LabEndpoint endpoint = endpointsByPod.get(pod.key());
        if (endpoint != null && endpoint.pod() == pod) {
            endpointsByPod.remove(pod.key(), endpoint);
            endpointsByIp.remove(endpoint.ip(), endpoint);
            synchronized (endpointIdsByNode) {
                endpointIdsByNode.get(pod.nodeName()).remove(endpoint.endpointId());
            }
        }
        PodPrograms podPrograms = programs.get(pod.key());
        if (podPrograms != null && podPrograms.pod() == pod) {
            programs.remove(pod.key(), podPrograms);
            podPrograms.stop();
        }
    }

    @Override
    public void podRelabelled(PodRuntime pod, Map<String, String> previousLabels) {
        LabEndpoint current = endpointsByPod.get(pod.key());
        if (current == null || current.pod() != pod) {
            return;
        }
        EndpointLabels labels = labelsOf(pod);
        LabEndpoint updated = current.relabelled(identities.identity(labels), labels);
        endpointsByPod.put(pod.key(), updated);
        endpointsByRuntime.replace(pod, updated);
        endpointsByIp.put(updated.ip(), updated);
    }

    private LabEndpoint newEndpoint(PodRuntime pod) {
        EndpointLabels labels = labelsOf(pod);
        return new LabEndpoint(pod, endpointId(pod), identities.identity(labels), labels);
    }

    /** Endpoint IDs are per node, 1..4095, derived from the pod UID so they are stable across lab restarts. */
    private int endpointId(PodRuntime pod) {
        synchronized (endpointIdsByNode) {
            Map<Integer, String> used = endpointIdsByNode.computeIfAbsent(pod.nodeName(), n -> new HashMap<>());
            int id = 1 + Math.floorMod(pod.uid() == null ? pod.key().hashCode() : pod.uid().hashCode(), 4095);
            while (used.containsKey(id)) {
                id = id == 4095 ? 1 : id + 1;
            }
            used.put(id, pod.key());
            return id;
        }
    }

    /** The labels Cilium derives for a pod: its own (filtered), its namespace's, service account, cluster. */
    EndpointLabels labelsOf(PodRuntime pod) {
        Map<String, String> labels = new HashMap<>();
        pod.labels().forEach((key, value) -> {
            if (EXCLUDED_LABEL_PREFIXES.stream().noneMatch(key::startsWith)) {
                labels.put(key, value);
            }
        });
        namespaceLabels(pod.namespace())
                .forEach((key, value) -> labels.put("io.cilium.k8s.namespace.labels." + key, value));
        labels.put("io.kubernetes.pod.namespace", pod.namespace());
        labels.put("io.cilium.k8s.policy.cluster", clusterName);
        String serviceAccount = pod.pod().getSpec() == null ? null : pod.pod().getSpec().getServiceAccountName();
        labels.put("io.cilium.k8s.policy.serviceaccount", serviceAccount == null ? "default" : serviceAccount);
        return EndpointLabels.of("k8s", labels);
    }

    private Map<String, String> namespaceLabels(String namespace) {
        try {
            Optional<Namespace> ns = api.get("/api/v1/namespaces/" + namespace, Namespace.class);
            Map<String, String> labels = ns.map(n -> n.getMetadata().getLabels()).orElse(null);
            return labels == null ? Map.of("kubernetes.io/metadata.name", namespace) : labels;
        } catch (RuntimeException e) {
            return Map.of("kubernetes.io/metadata.name", namespace);
        }
    }

    /** The endpoint of a Running pod, if it has one. */
    Optional<LabEndpoint> endpoint(PodRuntime pod) {
        return Optional.ofNullable(endpointsByPod.get(pod.key()));
    }

    /** The identity number of a Running pod (tests, diagnostics). */
    public Optional<Integer> identityOf(String namespace, String name) {
        return Optional.ofNullable(endpointsByPod.get(namespace + "/" + name)).map(LabEndpoint::identity);
    }

    // --- packets ------------------------------------------------------------------------------------------------

    /**
     * Sends one ICMPv4 echo request from {@code pod} to {@code destination} at lab time {@code at}: judges it, emits
     * the request's flows (or its drop), and returns how the reply would come back.
     */
    public EchoResult echo(PodRuntime pod, String destination, Instant at) {
        long parsed = Ipv4.parseToLong(destination);
        return parsed < 0 ? EchoResult.dropped() : echo(pod, (int) parsed, destination, at);
    }

    /** {@link #echo(PodRuntime, String, Instant)} with the address already parsed (the ping loop's hot path). */
    EchoResult echo(PodRuntime pod, int ip, String destination, Instant at) {
        LabEndpoint source = endpointsByRuntime.get(pod);
        if (source == null) {
            return EchoResult.dropped();
        }
        requests.incrementAndGet();
        if (ip == source.ip() || (ip >>> 24) == 127) {
            // loopback never leaves the pod: no datapath, no flow
            return new EchoResult(true, Duration.ofNanos(40_000), 64, () -> { });
        }
        PolicyRepository repository = policies();
        LabEndpoint target = endpointsByIp.get(ip);
        if (target != null) {
            return echoToPod(source, target, repository, at);
        }
        String node = nodesByIp.get(ip);
        Peer peer;
        End far;
        int ttl;
        Duration rtt;
        if (node != null && node.equals(source.node())) {
            peer = Peer.host(ip);
            far = new End(FlowFactory.HOST, destination, source.hostMac());
            ttl = 64;
            rtt = Duration.ofNanos(50_000 + jitter(source.ip(), ip, at, 30_000));
        } else if (node != null) {
            peer = Peer.remoteNode(ip);
            far = new End(FlowFactory.REMOTE_NODE, destination, source.hostMac());
            ttl = 63;
            rtt = Duration.ofNanos(250_000 + jitter(source.ip(), ip, at, 100_000));
        } else {
            peer = Peer.world(ip);
            far = new End(FlowFactory.WORLD, destination, source.hostMac());
            ttl = 117;
            // a stable distance per destination (5..25 ms) with up to 10% jitter per packet
            long base = 5_000_000L + Math.floorMod(ip * 0x9E3779B1L, 20_000_000L);
            rtt = Duration.ofNanos(base + jitter(source.ip(), ip, at, base / 10));
        }
        Verdict verdict = repository.egress(source.labels(), peer, FlowFactory.ECHO_REQUEST);
        End near = new End(source.proto(), source.pod().podIp(), source.mac());
        if (!verdict.forwarded()) {
            drops.incrementAndGet();
            emit(FlowFactory.drop(at, source.node(), near, far, dropReason(verdict), TrafficDirection.EGRESS,
                    verdict.policies()));
            return EchoResult.dropped();
        }
        emit(FlowFactory.trace(at, source.node(), near, far, false, Trace.TO_STACK, TrafficDirection.EGRESS));
        Instant replyAt = at.plus(rtt);
        End farReply = new End(far.endpoint(), far.ip(), source.hostMac());
        End nearReply = new End(near.endpoint(), near.ip(), source.mac());
        return new EchoResult(true, rtt, ttl, () -> emit(FlowFactory.trace(replyAt, source.node(), farReply,
                nearReply, true, Trace.TO_ENDPOINT, TrafficDirection.EGRESS)));
    }

    private EchoResult echoToPod(LabEndpoint source, LabEndpoint target, PolicyRepository repository, Instant at) {
        boolean sameNode = source.node().equals(target.node());
        End near = new End(source.proto(), source.pod().podIp(), source.mac());
        End far = new End(target.proto(), target.pod().podIp(), target.mac());
        Verdict egress = repository.egress(source.labels(), target.asPeer(), FlowFactory.ECHO_REQUEST);
        if (!egress.forwarded()) {
            drops.incrementAndGet();
            emit(FlowFactory.drop(at, source.node(), near, far, dropReason(egress), TrafficDirection.EGRESS,
                    egress.policies()));
            return EchoResult.dropped();
        }
        if (!sameNode) {
            emit(FlowFactory.trace(at, source.node(), near, far, false, Trace.TO_OVERLAY, TrafficDirection.EGRESS));
        }
        Verdict ingress = repository.ingress(target.labels(), source.asPeer(), FlowFactory.ECHO_REQUEST);
        if (!ingress.forwarded()) {
            drops.incrementAndGet();
            emit(FlowFactory.drop(at, target.node(), near, far, dropReason(ingress), TrafficDirection.INGRESS,
                    ingress.policies()));
            return EchoResult.dropped();
        }
        emit(FlowFactory.trace(at, target.node(), near, far, false, Trace.TO_ENDPOINT, TrafficDirection.INGRESS));
        Duration rtt = Duration.ofNanos((sameNode ? 60_000 : 300_000)
                + jitter(source.ip(), target.ip(), at, sameNode ? 20_000 : 100_000));
        Instant replyAt = at.plus(rtt);
        return new EchoResult(true, rtt, sameNode ? 64 : 63, () -> {
            if (!sameNode) {
                emit(FlowFactory.trace(replyAt, target.node(), far, near, true, Trace.TO_OVERLAY,
                        TrafficDirection.INGRESS));
            }
            emit(FlowFactory.trace(replyAt, source.node(), far, near, true, Trace.TO_ENDPOINT,
                    TrafficDirection.EGRESS));
        });
    }

    private static DropReason dropReason(Verdict verdict) {
        return verdict.outcome() == Verdict.Outcome.DENIED ? DropReason.POLICY_DENY : DropReason.POLICY_DENIED;
    }

    /** Deterministic pseudo-random jitter in [0, bound) nanoseconds: tests see the same times on every run. */
    private static long jitter(int source, int destination, Instant at, long bound) {
        if (bound <= 0) {
            return 0;
        }
        long mix = (source * 0x9E3779B97F4A7C15L) ^ (destination * 0xC2B2AE3D27D4EB4FL) ^ at.getEpochSecond() * 31
                ^ at.getNano();
        mix ^= mix >>> 29;
        mix *= 0xBF58476D1CE4E5B9L;
        mix ^= mix >>> 32;
        return Math.floorMod(mix, bound);
    }

    private void emit(Flow flow) {
        flows.incrementAndGet();
        try {
            sink.accept(flow);
        } catch (RuntimeException e) {
            LOG.warn("flow sink failed", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        programs.values().forEach(PodPrograms::stop);
        programs.clear();
    }
}
