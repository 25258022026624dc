package io.c2intents.lab;

import io.c2intents.hubble.observer.GetFlowsRequest;
import io.c2intents.hubble.observer.GetFlowsResponse;
import io.c2intents.hubble.observer.ObserverGrpc;
import io.c2intents.lab.clock.LabClock;
import io.c2intents.lab.clock.SteppedLabClock;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark, not a test: how many flows per second one {@code GetFlows} follower receives from a lab running 1,000
 * experiment pods (the attack simulator's alpine spec: crond and a {@code ping -c 1 8.8.8.8; sleep 5} loop; half of
 * them under the default world-egress policy). Documented in docs/benchmarks.md.
 *
 * <pre>
 * mvn -B -o -q -pl lab-cluster package -DskipTests
 * java -cp "lab-cluster/target/test-classes:lab-cluster/target/classes:lab-cluster/target/lib/*" \
 *     io.c2intents.lab.LabFlowsBenchmark [--pods 1000] [--seconds 20] [--time-scale 60 | --stepped]
 * </pre>
 *
 * {@code --time-scale S}: the lab clock runs S times real time, so the pods produce about 400 x S flows per second
 * (two flows per ping, one ping per pod every ~5 lab seconds). {@code --stepped}: the benchmark steps the clock as fast
 * as it can, which measures the most the datapath and relay deliver; a client slower than the datapath gets
 * {@code lost_events} (counted), never an unbounded queue. The client asks for messages in batches of 512, as a Go
 * client's flow-control window does; with grpc-java's default (one message requested at a time) every flow costs
 * two thread hops on the client.
 */
public final class LabFlowsBenchmark {

    /** Messages the client asks for ahead of reading them. */
    private static final int DEMAND = 1024;

    private LabFlowsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int pods = 1000;
        int seconds = 20;
        double scale = 60;
        boolean stepped = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--pods" -> pods = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--time-scale" -> scale = Double.parseDouble(args[++i]);
                case "--stepped" -> stepped = true;
                default -> throw new IllegalArgumentException("unknown flag " + args[i]);
            }
        }
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        LabClock clock = stepped ? LabClock.stepped(Instant.parse("2026-01-05T10:00:00Z")) : LabClock.scaled(scale);
        // 254 pod IPs per node: enough nodes for the pods
        int nodes = Math.max(3, (pods + 199) / 200);
        try (LabCluster lab = LabCluster.start(LabConfig.forTests().withNodes(nodes).withClock(clock))) {
            long setupStart = System.nanoTime();
            lab.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("c2-lab")
                    .endMetadata().build()).create();
            lab.client().genericKubernetesResources(new ResourceDefinitionContext.Builder().withGroup("cilium.io")
                    .withVersion("v2").withPlural("ciliumnetworkpolicies").withKind("CiliumNetworkPolicy")
                    .withNamespaced(true).build()).inNamespace("c2-lab").resource(Serialization.unmarshal("""
                            apiVersion: cilium.io/v2
                            kind: CiliumNetworkPolicy
                            metadata: {name: target-egress-world, namespace: c2-lab}
                            spec:
                              endpointSelector: {matchLabels: {c2.io/role: target}}
                              egress: [{toEntities: [world]}]
                            """, GenericKubernetesResource.class)).create();
            lab.client().apps().deployments().inNamespace("c2-lab").resource(workload("benign", pods / 2)).create();
            lab.client().apps().deployments().inNamespace("c2-lab").resource(workload("target", pods - pods / 2))
                    .create();
            int wanted = pods;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (lab.pods().all().size() < wanted || lab.datapath().programs("c2-lab", lab.pods().all().get(0)
                    .name()).isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + lab.pods().all().size() + " pods after 10 minutes");
                }
                Thread.sleep(200);
            }
            System.out.printf(Locale.ROOT, "%d pods Running on %d nodes in %.1f s%n", lab.pods().all().size(), nodes,
                    (System.nanoTime() - setupStart) / 1e9);

            AtomicLong delivered = new AtomicLong();
            AtomicLong lost = new AtomicLong();
            AtomicLong lostEvents = new AtomicLong();
            AtomicBoolean closing = new AtomicBoolean();
            ManagedChannel channel = Grpc.newChannelBuilder(lab.relayAddress(), InsecureChannelCredentials.create())
                    .build();
            // Demand in batches, as Go's gRPC (the hubble CLI, Relay's own clients) does with its window alone:
            // grpc-java's default asks for one message at a time, a thread hop to the transport per flow.
            ObserverGrpc.newStub(channel).getFlows(GetFlowsRequest.newBuilder().setFollow(true).build(),
                    new ClientResponseObserver<GetFlowsRequest, GetFlowsResponse>() {
                        private ClientCallStreamObserver<GetFlowsRequest> call;
                        private long received;

                        @Override
                        public void beforeStart(ClientCallStreamObserver<GetFlowsRequest> requestStream) {
                            call = requestStream;
                            requestStream.disableAutoRequestWithInitial(DEMAND);
                        }

                        @Override
                        public void onNext(GetFlowsResponse response) {
                            if (++received % (DEMAND / 2) == 0) {
                                call.request(DEMAND / 2);
                            }
                            if (response.hasFlow()) {
                                delivered.incrementAndGet();
                            } else if (response.hasLostEvents()) {
                                lostEvents.incrementAndGet();
                                lost.addAndGet(response.getLostEvents().getNumEventsLost());
                            }
                        }

                        @Override
                        public void onError(Throwable t) {
                            if (!closing.get()) {
                                System.err.println("stream failed: " + t);
                            }
                        }

                        @Override
                        public void onCompleted() {
                        }
                    });
            Thread.sleep(500);

            // warm-up: let the JIT and the pods' schedules settle
            run(lab, clock, stepped, Duration.ofSeconds(Math.min(5, seconds)));
            long emitted0 = lab.datapath().flowsEmitted();
            long delivered0 = delivered.get();
            long lost0 = lost.get();
            long lostEvents0 = lostEvents.get();
            long cpu0 = cpuNanos();
            long start = System.nanoTime();
            Instant labStart = clock.now();
            run(lab, clock, stepped, Duration.ofSeconds(seconds));
            double elapsed = (System.nanoTime() - start) / 1e9;
            double labElapsed = Duration.between(labStart, clock.now()).toMillis() / 1e3;
            long emitted = lab.datapath().flowsEmitted() - emitted0;
            long got = delivered.get() - delivered0;
            long missed = lost.get() - lost0;
            double cpu = (cpuNanos() - cpu0) / 1e9;
            System.out.printf(Locale.ROOT, "mode: %s, %d pods, %.1f s measured (%.0f lab seconds)%n",
                    stepped ? "stepped (as fast as possible)" : "time scale x" + scale, pods, elapsed, labElapsed);
            System.out.printf(Locale.ROOT, "flows emitted by the datapath: %d (%.0f flows/s)%n", emitted,
                    emitted / elapsed);
            System.out.printf(Locale.ROOT, "flows delivered to the GetFlows client: %d (%.0f flows/s)%n", got,
                    got / elapsed);
            System.out.printf(Locale.ROOT, "flows lost to the ring buffer (lost_events): %d in %d events%n", missed,
                    lostEvents.get() - lostEvents0);
            System.out.printf(Locale.ROOT, "process CPU: %.1f s over %.1f s (%.2f cores); load average %.2f%n", cpu,
                    elapsed, cpu / elapsed, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            closing.set(true);
            channel.shutdownNow();
        } finally {
            clock.close();
        }
    }

    private static void run(LabCluster lab, LabClock clock, boolean stepped, Duration real) throws InterruptedException {
        long end = System.nanoTime() + real.toNanos();
        if (stepped) {
            SteppedLabClock steps = (SteppedLabClock) clock;
            while (System.nanoTime() < end) {
                steps.advance(Duration.ofMillis(100));
            }
        } else {
            Thread.sleep(real.toMillis());
        }
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static Deployment workload(String role, int replicas) {
        Map<String, String> labels = Map.of("app.kubernetes.io/name", role, "app.kubernetes.io/part-of",
                "c2-experiment", "c2.io/role", role);
        return new DeploymentBuilder()
                .withNewMetadata().withName(role).withNamespace("c2-lab").addToLabels(labels).endMetadata()
                .withNewSpec().withReplicas(replicas)
                    .withNewSelector().addToMatchLabels("app.kubernetes.io/name", role).endSelector()
                    .withNewTemplate().withNewMetadata().addToLabels(labels).endMetadata()
                        .withNewSpec().addNewContainer().withName("workload").withImage("alpine:3.20")
                            .withCommand("sh", "-c", "crond; while true; do ping -c 1 8.8.8.8; sleep 5; done")
                        .endContainer().endSpec()
                    .endTemplate()
                .endSpec().build();
    }
}
