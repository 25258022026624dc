package io.c2intents.testsupport;

import io.c2intents.lab.LabCluster;
import io.c2intents.lab.LabConfig;
import io.c2intents.lab.clock.LabClock;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Gives a {@code @QuarkusTest} its own lab cluster (the project's Kubernetes API twin, module {@code lab-cluster}),
 * started in the test JVM on a random port and stopped after the test class. The service under test talks to it
 * with its normal Fabric8 client: only the URL differs from a real cluster.
 *
 * <pre>{@code
 * @QuarkusTest
 * @WithTestResource(value = LabClusterTestResource.class,
 *         initArgs = @ResourceArg(name = LabClusterTestResource.NAMESPACE, value = "c2-lab"))
 * class QuarantineActionTest {
 *
 *     @LabClusterTestResource.InjectLab
 *     LabCluster lab;            // the running lab: lab.client(), lab.pods(), lab.policies(), lab.clock()
 *
 *     @Test
 *     void isolatesThePod() {
 *         lab.client().apps().deployments().inNamespace("c2-lab").resource(deployment).create();
 *         ...
 *     }
 * }
 * }</pre>
 *
 * It sets:
 * <ul>
 * <li>{@code quarkus.kubernetes-client.api-server-url} to the lab's URL ({@code http://127.0.0.1:<port>}),</li>
 * <li>{@code quarkus.kubernetes-client.trust-certs=true} and {@code quarkus.kubernetes-client.namespace} (the
 * {@link #NAMESPACE} argument, {@code default} unless given; the namespace is created),</li>
 * <li>{@code quarkus.kubernetes-client.devservices.enabled=false} (no Docker here),</li>
 * <li>{@code lab.kubernetes-url}, for tests that build their own clients;</li>
 * <li>{@code observer.relay.address} and {@code lab.relay.address}: the lab's Hubble Relay ({@code 127.0.0.1:<port>},
 * plain text), which serves the flows of the lab's virtual datapath over {@code observer.Observer/GetFlows}.</li>
 * </ul>
 * Arguments ({@code initArgs}): {@link #NAMESPACE}; {@link #NODES} (3 by default); {@link #CILIUM_CRDS}: a folder of
 * Cilium CRD files, or {@code none}; by default Cilium's real CRDs from {@code ../shared/data/cilium-crds} when that
 * folder exists, so stored policies are validated against their schema as on a real cluster; {@link #TIME_SCALE}: lab
 * seconds per real second (1 by default; 60 runs a cron minute in a real second).
 * <p>
 * Remember that the lab behaves like a cluster: create a namespace before objects in it, patch with JSON merge or
 * JSON patch (strategic merge is refused with 415), wait for pods to be Running (Awaitility) before exec.
 */
public class LabClusterTestResource implements QuarkusTestResourceLifecycleManager {

    /** Init argument: the namespace the service works in (created if missing). */
    public static final String NAMESPACE = "namespace";
    /** Init argument: how many virtual nodes. */
    public static final String NODES = "nodes";
    /** Init argument: a folder with Cilium's CRD files, or {@code none} to skip schema validation. */
    public static final String CILIUM_CRDS = "cilium-crds";
    /** Init argument: the lab clock's speed, lab seconds per real second ({@code 60}: a cron minute per second). */
    public static final String TIME_SCALE = "time-scale";

    /** Marks a {@link LabCluster} field of the test class to receive the running lab. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectLab {
    }

    private Map<String, String> args = Map.of();
    private LabCluster lab;
    private LabClock clock;

    @Override
    public void init(Map<String, String> initArgs) {
        this.args = Map.copyOf(initArgs);
    }

    @Override
    public Map<String, String> start() {
        LabConfig config = LabConfig.forTests();
        if (args.containsKey(NODES)) {
            config = config.withNodes(Integer.parseInt(args.get(NODES)));
        }
        Optional<Path> crds = ciliumCrds();
        if (crds.isPresent()) {
            config = config.withCiliumCrdDir(crds.get());
        }
        if (args.containsKey(TIME_SCALE)) {
            clock = LabClock.scaled(Double.parseDouble(args.get(TIME_SCALE)));
            config = config.withClock(clock);
        }
        lab = LabCluster.start(config);
        String namespace = args.getOrDefault(NAMESPACE, "default");
        if (lab.client().namespaces().withName(namespace).get() == null) {
            lab.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
                    .endMetadata().build()).create();
        }
        Map<String, String> properties = new HashMap<>();
        properties.put("quarkus.kubernetes-client.api-server-url", lab.kubernetesUrl());
        properties.put("quarkus.kubernetes-client.trust-certs", "true");
        properties.put("quarkus.kubernetes-client.namespace", namespace);
        properties.put("quarkus.kubernetes-client.devservices.enabled", "false");
        properties.put("lab.kubernetes-url", lab.kubernetesUrl());
        properties.put("lab.relay.address", lab.relayAddress());
        properties.put("observer.relay.address", lab.relayAddress());
        return properties;
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(lab, new TestInjector.AnnotatedAndMatchesType(InjectLab.class,
                LabCluster.class));
    }

    @Override
    public void stop() {
        if (lab != null) {
            lab.close();
            lab = null;
        }
        if (clock != null) {
            clock.close();
            clock = null;
        }
    }

    private Optional<Path> ciliumCrds() {
        String value = args.get(CILIUM_CRDS);
        if ("none".equals(value)) {
            return Optional.empty();
        }
        if (value != null) {
            return Optional.of(Path.of(value));
        }
        return SharedData.dir().map(dir -> dir.resolve("cilium-crds")).filter(Files::isDirectory);
    }
}
