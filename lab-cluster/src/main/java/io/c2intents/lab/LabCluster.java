package io.c2intents.lab;

import io.c2intents.lab.api.ApiStore;
import io.c2intents.lab.api.LabDispatcher;
import io.c2intents.lab.cilium.CiliumCrds;
import io.c2intents.lab.cilium.CiliumPolicyStore;
import io.c2intents.lab.cilium.CiliumPolicyValidator;
import io.c2intents.lab.clock.LabClock;
import io.c2intents.lab.controller.ClusterTopology;
import io.c2intents.lab.controller.WorkloadController;
import io.c2intents.lab.datapath.Datapath;
import io.c2intents.lab.pod.PodRegistry;
import io.c2intents.lab.relay.FlowRing;
import io.c2intents.lab.relay.RelayServer;
import io.c2intents.lab.shell.CommandSet;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * A Kubernetes cluster in one JVM, for the lab and for tests: an API server the services reach with their usual
 * Fabric8 client (only the URL differs from a real cluster), 3 Ready nodes, a controller that runs Deployments as
 * Running pods with IPs, exec into each pod's own virtual file system, and Cilium's policy CRDs.
 *
 * <pre>{@code
 * try (LabCluster lab = LabCluster.start(LabConfig.forTests())) {
 *     lab.client().apps().deployments().inNamespace("default").resource(deployment).create();
 *     // point a service at lab.kubernetesUrl()
 * }
 * }</pre>
 *
 * The parts the datapath builds on (part 2) are reachable here: {@link #pods()} (runtimes, file trees, logs,
 * lifecycle listeners), {@link #policies()} (stored Cilium policies), {@link #clock()}, {@link #shellCommands()}
 * and {@link #topology()}.
 */
public final class LabCluster implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LabCluster.class);
    /**
     * The mock web server logs every request at INFO; a lab serving informers would flood the console. Held
     * strongly so the level sticks (java.util.logging keeps loggers weakly).
     */
    private static final java.util.logging.Logger REQUEST_LOG = quiet("io.fabric8.mockwebserver.MockWebServer");

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }

    /** Cilium's cluster name, in every pod identity's {@code io.cilium.k8s.policy.cluster} label. */
    public static final String CLUSTER_NAME = "default";

    private final LabConfig config;
    private final LabClock clock;
    private final boolean ownsClock;
    private final KubernetesMockServer server;
    private final MockWebServer webServer;
    private final LabDispatcher dispatcher;
    private final WorkloadController controller;
    private final CiliumPolicyStore policies;
    private final PodRegistry pods;
    private final CommandSet commands;
    private final ClusterTopology topology;
    private final CiliumCrds crds;
    private final Thread drain;
    private final FlowRing flows;
    private final Datapath datapath;
    private final RelayServer relay;
    private final List<KubernetesClient> clients = new ArrayList<>();
    private final String url;
    private volatile boolean closed;

    private LabCluster(LabConfig config) {
        this.config = config;
        this.ownsClock = config.clock() == null;
        this.clock = ownsClock ? LabClock.realTime() : config.clock();
        this.crds = CiliumCrds.load(config.ciliumCrdDir());
        this.topology = ClusterTopology.of(config.nodes());
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        List<CustomResourceDefinitionContext> contexts = crds.definitions().stream()
                .map(definition -> new CustomResourceDefinitionContext.Builder()
                        .withGroup(CiliumCrds.GROUP).withVersion(CiliumCrds.VERSION)
                        .withPlural(definition.plural()).withKind(definition.kind())
                        .withScope(definition.namespaced() ? "Namespaced" : "Cluster")
                        .withStatusSubresource(true)
                        .build())
                .toList();
        this.dispatcher = new LabDispatcher(responses, contexts);
        this.webServer = new MockWebServer();
        this.server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), webServer, responses,
                dispatcher, false);
        try {
            server.init(InetAddress.getByName(config.host()), config.port());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host " + config.host(), e);
        }
        this.url = "http://" + config.host() + ":" + server.getPort();
        this.drain = new Thread(this::drainRecordedRequests, "lab-request-drain");
        this.drain.setDaemon(true);
        this.drain.start();

        ApiStore store = dispatcher.store();
        this.pods = new PodRegistry();
        this.commands = CommandSet.busybox();
        this.policies = new CiliumPolicyStore(store);
        this.controller = new WorkloadController(store, clock, pods, topology);
        dispatcher.attach(controller, policies, new CiliumPolicyValidator(crds), pods, commands,
                config.host() + ":" + server.getPort());
        for (CiliumCrds.Definition definition : crds.definitions()) {
            store.create("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", definition.crd());
        }
        this.flows = new FlowRing(config.flowBufferCapacity());
        this.datapath = new Datapath(clock, policies, store, topology, flows, commands, CLUSTER_NAME);
        policies.refreshNow();
        pods.addListener(datapath);
        RelayServer started = null;
        if (config.relayPort() != LabConfig.NO_RELAY) {
            try {
                started = RelayServer.start(config.host(), config.relayPort(), flows, topology.nodes(), clock);
            } catch (RuntimeException e) {
                // a taken relay port must not leave the API server running behind the caller's back
                datapath.close();
                policies.close();
                server.destroy();
                dispatcher.shutdown();
                drain.interrupt();
                throw e;
            }
        }
        this.relay = started;
        controller.start();
        policies.refreshNow();
    }

    /** Starts a lab; it listens when this returns. */
    public static LabCluster start(LabConfig config) {
        LabCluster lab = new LabCluster(config);
        LOG.infof("lab cluster listening on %s (%d nodes, Cilium CRDs %s, %s, Hubble Relay %s)", lab.url,
                config.nodes(), lab.crds.validating() ? "with schema validation" : "built in", lab.clock,
                lab.relay == null ? "off" : lab.relay.address());
        return lab;
    }

    /** Where the API listens, e.g. {@code http://127.0.0.1:16443}. */
    public String kubernetesUrl() {
        return url;
    }

    public int port() {
        return server.getPort();
    }

    /** A Fabric8 client for this lab (namespace {@code default}), closed with the lab. */
    public synchronized KubernetesClient client() {
        if (clients.isEmpty()) {
            clients.add(newClient());
        }
        return clients.get(0);
    }

    /** A new Fabric8 client for this lab; the caller closes it (or the lab does, on close). */
    public synchronized KubernetesClient newClient() {
        Config clientConfig = new ConfigBuilder(Config.empty())
                .withMasterUrl(url)
                .withTrustCerts(true)
                .withNamespace("default")
                // generous: on a loaded 2-core machine an exec's WebSocket took over 10 s to open
                .withRequestTimeout(30_000)
                .withConnectionTimeout(10_000)
                .build();
        KubernetesClient client = new KubernetesClientBuilder().withConfig(clientConfig).build();
        clients.add(client);
        return client;
    }

    public LabConfig config() {
        return config;
    }

    public LabClock clock() {
        return clock;
    }

    /** The Running pods' runtimes (file trees, logs, processes) and lifecycle listeners. */
    public PodRegistry pods() {
        return pods;
    }

    /** The Cilium policies stored in the API. */
    public CiliumPolicyStore policies() {
        return policies;
    }

    /** The programs exec can run in a pod; register more here. */
    public CommandSet shellCommands() {
        return commands;
    }

    public ClusterTopology topology() {
        return topology;
    }

    /** Whether Cilium's CRD schemas were loaded (policies are then validated). */
    public boolean validatesPolicies() {
        return crds.validating();
    }

    /** The virtual Cilium datapath: endpoints, policy verdicts, each pod's programs (ping loop, crond). */
    public Datapath datapath() {
        return datapath;
    }

    /** Hubble's ring buffer of the lab's flows (what the relay serves). */
    public FlowRing flows() {
        return flows;
    }

    /** The Hubble Relay port, or -1 when the lab runs without a relay. */
    public int relayPort() {
        return relay == null ? LabConfig.NO_RELAY : relay.port();
    }

    /**
     * Where Hubble Relay listens, {@code host:port}: {@code hubble observe --server <this>}, or the observer's
     * {@code observer.relay.address}; null when the lab runs without a relay.
     */
    public String relayAddress() {
        return relay == null ? null : relay.address();
    }

    /** In-process access to the stored objects, without HTTP (for the lab's own components). */
    public ApiStore store() {
        return dispatcher.store();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        synchronized (this) {
            clients.forEach(KubernetesClient::close);
            clients.clear();
        }
        controller.close();
        if (relay != null) {
            relay.close();
        }
        pods.removeListener(datapath);
        datapath.close();
        policies.close();
        server.destroy();
        dispatcher.shutdown();
        drain.interrupt();
        if (ownsClock) {
            clock.close();
        }
        LOG.infof("lab cluster on %s stopped", url);
    }

    /** The mock web server records every request in a queue forever; reading it keeps memory flat. */
    private void drainRecordedRequests() {
        while (!closed) {
            try {
                webServer.takeRequest(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!closed) {
                    LOG.debug("request drain", e);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "lab cluster at " + url;
    }

}
