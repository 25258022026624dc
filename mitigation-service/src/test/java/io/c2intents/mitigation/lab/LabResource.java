package io.c2intents.mitigation.lab;

import io.c2intents.testsupport.SharedData;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Starts a lab cluster (module {@code lab-cluster}) for a {@code @QuarkusTest} class and points the service's
 * Fabric8 client at it, with Cilium's real CRDs so stored policies are schema-checked as on a real cluster.
 *
 * <p>Why not {@code LabClusterTestResource} from test-support: started from a Quarkus test resource, the lab's
 * classes are split between Quarkus' runtime and base class loaders (lab-cluster is a workspace module, so it is
 * reloadable; the Fabric8 mock server is not), and {@code LabCluster.<init>} fails verification with "LabDispatcher
 * is not assignable to Dispatcher". Here the lab is loaded by the system class loader, whole, as in a plain JUnit
 * test; the tests talk to it over HTTP with the service's own client, as a user would.
 */
public class LabResource implements QuarkusTestResourceLifecycleManager {

    private AutoCloseable lab;

    @Override
    public Map<String, String> start() {
        try {
            ClassLoader system = ClassLoader.getSystemClassLoader();
            Class<?> configType = system.loadClass("io.c2intents.lab.LabConfig");
            Object config = configType.getMethod("forTests").invoke(null);
            Optional<Path> crds = SharedData.dir().map(d -> d.resolve("cilium-crds")).filter(Files::isDirectory);
            if (crds.isPresent()) {
                config = configType.getMethod("withCiliumCrdDir", Path.class).invoke(config, crds.get());
            }
            Class<?> labType = system.loadClass("io.c2intents.lab.LabCluster");
            lab = (AutoCloseable) labType.getMethod("start", configType).invoke(null, config);
            String url = (String) labType.getMethod("kubernetesUrl").invoke(lab);
            return Map.of(
                    "quarkus.kubernetes-client.api-server-url", url,
                    "quarkus.kubernetes-client.trust-certs", "true",
                    "quarkus.kubernetes-client.namespace", "default",
                    "quarkus.kubernetes-client.devservices.enabled", "false",
                    // a loaded CI machine: Fabric8's default 10 s is too short to open the exec WebSocket
                    "quarkus.kubernetes-client.request-timeout", "30s",
                    "quarkus.kubernetes-client.connection-timeout", "30s");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot start the lab cluster", e);
        }
    }

    @Override
    public void stop() {
        if (lab != null) {
            try {
                lab.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot stop the lab cluster", e);
            }
            lab = null;
        }
    }
}
