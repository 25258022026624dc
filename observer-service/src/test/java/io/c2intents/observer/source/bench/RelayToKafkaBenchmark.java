package io.c2intents.observer.source.bench;

import io.c2intents.events.Topics;
import io.c2intents.lab.LabCluster;
import io.c2intents.lab.LabConfig;
import io.c2intents.lab.clock.LabClock;
import io.c2intents.observer.config.ObserverConfig;
import io.c2intents.observer.metrics.ObserverMetrics;
import io.c2intents.observer.source.FlowRecord;
import io.c2intents.observer.source.RelayFlowSource;
import io.c2intents.testsupport.EmbeddedKafkaBroker;
import io.c2intents.testsupport.TopicProvisioner;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark, not a test (Surefire runs only {@code *Test}): the lab with N experiment pods on a scaled clock, the
 * observer's {@link RelayFlowSource} reading its relay, and every flow produced to {@code hubble-flows} on
 * test-support's in-JVM broker, with the observer's producer settings and, like SmallRye's Kafka sink, at most 1,024
 * records in flight (one more asked for per acknowledgement). For each {@code observer.relay.demand-batch} given,
 * a fresh source follows the relay: warm-up, then a measured window of flows acknowledged by the broker, flows the
 * datapath emitted, and flows Relay reported lost. Documented in docs/benchmarks.md (lab section).
 *
 * <pre>
 * mvn -B -o -q -pl observer-service test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
 * java -Xmx2g -cp "observer-service/target/test-classes:observer-service/target/classes:$(cat observer-service/target/bench.classpath)" \
 *     io.c2intents.observer.source.bench.RelayToKafkaBenchmark [--pods 1000] [--seconds 30] [--time-scale 60] \
 *     [--demand-batch 1,512] [--rounds 1]
 * </pre>
 */
public final class RelayToKafkaBenchmark {

    /** SmallRye's Kafka sink default ({@code max-inflight-messages}). */
    private static final int IN_FLIGHT = 1024;

    private RelayToKafkaBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int pods = 1000;
        int seconds = 30;
        int warmup = 10;
        int rounds = 1;
        double scale = 60;
        List<Integer> batches = List.of(1, 512);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--pods" -> pods = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--time-scale" -> scale = Double.parseDouble(args[++i]);
                case "--demand-batch" -> {
                    List<Integer> list = new ArrayList<>();
                    for (String b : args[++i].split(",")) {
                        list.add(Integer.parseInt(b.trim()));
                    }
                    batches = list;
                }
                default -> throw new IllegalArgumentException("unknown flag " + args[i]);
            }
        }
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        System.out.printf(Locale.ROOT, "machine: %d cores; load average at start %.2f%n",
                Runtime.getRuntime().availableProcessors(), load());
        Path work = Files.createTempDirectory("relay-kafka-bench");
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(work.resolve("kafka"), 0, 0);
        LabClock clock = LabClock.scaled(scale);
        int nodes = Math.max(3, (pods + 199) / 200);
        try (LabCluster lab = LabCluster.start(LabConfig.forTests().withNodes(nodes).withClock(clock))) {
            String bootstrap = broker.bootstrapServers();
            TopicProvisioner.provision(bootstrap, 3);
            deployExperiment(lab, pods);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps(bootstrap))) {
                for (int round = 1; round <= rounds; round++) {
                    for (int batch : batches) {
                        measure(lab, producer, batch, scale, pods, Duration.ofSeconds(warmup),
                                Duration.ofSeconds(seconds));
                    }
                }
            }
        } finally {
            clock.close();
            broker.close();
        }
        System.exit(0);
    }

    private static void measure(LabCluster lab, KafkaProducer<String, String> producer, int batch, double scale,
                                int pods, Duration warmup, Duration window) throws InterruptedException {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RelayFlowSource source = new RelayFlowSource(relayConfig(lab.relayAddress(), batch),
                new ObserverMetrics(registry));
        KafkaSinkLike sink = new KafkaSinkLike(producer);
        source.flows().subscribe().withSubscriber(sink);
        try {
            Thread.sleep(warmup.toMillis());
            long emitted0 = lab.datapath().flowsEmitted();
            long published0 = sink.acked.get();
            double lost0 = lost(registry);
            long cpu0 = cpuNanos();
            double load0 = load();
            long start = System.nanoTime();
            Thread.sleep(window.toMillis());
            double elapsed = (System.nanoTime() - start) / 1e9;
            long emitted = lab.datapath().flowsEmitted() - emitted0;
            long published = sink.acked.get() - published0;
            double lost = lost(registry) - lost0;
            double cpu = (cpuNanos() - cpu0) / 1e9;
            System.out.printf(Locale.ROOT, "demand-batch %d, x%.0f, %d pods, %.1f s: emitted %.0f/s, published to "
                            + "%s %.0f/s (%.0f%% of emitted), lost_events %.0f, failures %d, process CPU %.2f cores, "
                            + "load %.1f -> %.1f%n", batch, scale, pods, elapsed, emitted / elapsed,
                    Topics.HUBBLE_FLOWS, published / elapsed, 100.0 * published / Math.max(1, emitted), lost,
                    sink.failed.get(), cpu / elapsed, load0, load());
        } finally {
            sink.cancel();
            source.close();
        }
    }

    private static ObserverConfig.Relay relayConfig(String address, int batch) {
        return new SmallRyeConfigBuilder()
                .withMapping(ObserverConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(Map.of("observer.relay.address", address,
                        "observer.relay.demand-batch", Integer.toString(batch)), "benchmark", 500))
                .build().getConfigMapping(ObserverConfig.class).relay();
    }

    /** Like SmallRye's Kafka sink: at most {@link #IN_FLIGHT} unacknowledged records, one more per acknowledgement. */
    private static final class KafkaSinkLike implements Flow.Subscriber<FlowRecord> {
        final AtomicLong acked = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        private final KafkaProducer<String, String> producer;
        private volatile Flow.Subscription subscription;

        KafkaSinkLike(KafkaProducer<String, String> producer) {
            this.producer = producer;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(IN_FLIGHT);
        }

        @Override
        public void onNext(FlowRecord flow) {
            producer.send(new ProducerRecord<>(Topics.HUBBLE_FLOWS, flow.key(), flow.value()), (meta, error) -> {
                if (error == null) {
                    acked.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                }
                subscription.request(1);
            });
        }

        @Override
        public void onError(Throwable failure) {
            System.err.println("flow stream failed: " + failure);
        }

        @Override
        public void onComplete() {
        }

        void cancel() {
            if (subscription != null) {
                subscription.cancel();
            }
        }
    }

    private static void deployExperiment(LabCluster lab, int pods) throws InterruptedException {
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
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (lab.pods().all().size() < pods
                || lab.datapath().programs("c2-lab", lab.pods().all().get(0).name()).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + lab.pods().all().size() + " pods after 10 minutes");
            }
            Thread.sleep(200);
        }
        System.out.printf(Locale.ROOT, "%d pods Running in %.1f s%n", lab.pods().all().size(),
                (System.nanoTime() - setupStart) / 1e9);
    }

    /** The attack simulator's experiment workload: crond and a ping to 8.8.8.8 every 5 s. */
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

    private static Properties producerProps(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        // as the observer's flows-out channel: acks=all, idempotent, 5 ms linger, 128 KiB batches
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "131072");
        return p;
    }

    private static double lost(SimpleMeterRegistry registry) {
        return registry.find("observer.lost.events").counters().stream().mapToDouble(Counter::count).sum();
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
