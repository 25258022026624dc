package io.c2intents.lab;

import io.c2intents.lab.clock.LabClock;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the lab as a process until it is stopped (Ctrl-C):
 *
 * <pre>
 * java -cp "lab-cluster/target/lab-cluster-0.1.0-SNAPSHOT.jar:lab-cluster/target/lib/*" io.c2intents.lab.LabClusterMain \
 *     [--port 16443] [--host 127.0.0.1] [--nodes 3] [--cilium-crds ../shared/data/cilium-crds] [--time-scale 1] \
 *     [--relay-port 4245] [--flow-buffer 4095]
 * </pre>
 *
 * {@code --time-scale 60} runs a lab minute in a real second (crond fires every second, the ping loop's
 * {@code sleep 5} lasts 83 ms); {@code --relay-port -1} runs no Hubble Relay.
 * Each flag has an environment variable: {@code LAB_K8S_PORT}, {@code LAB_HOST}, {@code LAB_NODES},
 * {@code LAB_CILIUM_CRDS}, {@code LAB_TIME_SCALE}, {@code LAB_RELAY_PORT}, {@code LAB_FLOW_BUFFER}; flags win.
 */
public final class LabClusterMain {

    private LabClusterMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        }
        LabConfig config;
        double scale;
        try {
            config = LabConfig.defaults();
            String port = env("LAB_K8S_PORT");
            String host = env("LAB_HOST");
            String nodes = env("LAB_NODES");
            String crds = env("LAB_CILIUM_CRDS");
            String timeScale = env("LAB_TIME_SCALE");
            String relayPort = env("LAB_RELAY_PORT");
            String flowBuffer = env("LAB_FLOW_BUFFER");
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (flag.equals("-h") || flag.equals("--help")) {
                    usage();
                    return;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value after " + flag);
                }
                String value = args[++i];
                switch (flag) {
                    case "--port" -> port = value;
                    case "--host" -> host = value;
                    case "--nodes" -> nodes = value;
                    case "--cilium-crds" -> crds = value;
                    case "--time-scale" -> timeScale = value;
                    case "--relay-port" -> relayPort = value;
                    case "--flow-buffer" -> flowBuffer = value;
                    default -> throw new IllegalArgumentException("unknown flag " + flag);
                }
            }
            if (port != null) {
                config = config.withPort(Integer.parseInt(port));
            }
            if (host != null) {
                config = config.withHost(host);
            }
            if (nodes != null) {
                config = config.withNodes(Integer.parseInt(nodes));
            }
            if (crds != null) {
                config = config.withCiliumCrdDir(Path.of(crds).toAbsolutePath().normalize());
            }
            if (relayPort != null) {
                config = config.withRelayPort(Integer.parseInt(relayPort));
            }
            if (flowBuffer != null) {
                config = config.withFlowBufferCapacity(Integer.parseInt(flowBuffer));
            }
            scale = timeScale == null ? 1.0 : Double.parseDouble(timeScale);
            config = config.withClock(LabClock.scaled(scale));
        } catch (IllegalArgumentException e) {
            System.err.println("lab-cluster: " + e.getMessage());
            usage();
            System.exit(2);
            return;
        }
        LabCluster lab = LabCluster.start(config);
        LabConfig started = config;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            lab.close();
            started.clock().close();
            stopped.countDown();
        }, "lab-shutdown"));
        System.out.printf(Locale.ROOT, "lab cluster: Kubernetes API on %s (%d nodes, time x%s, Cilium CRDs: %s)%n",
                lab.kubernetesUrl(), config.nodes(), scale,
                config.ciliumCrdDir().map(Path::toString).orElse("built in, no schema validation"));
        System.out.printf("  kubectl --server %s get pods -A%n", lab.kubernetesUrl());
        System.out.printf("  services: KUBERNETES_MASTER=%s (Fabric8 reads it at run time)%n", lab.kubernetesUrl());
        if (lab.relayAddress() != null) {
            System.out.printf("  Hubble Relay on %s: hubble observe --server %s -f; observer: observer.relay.address=%s%n",
                    lab.relayAddress(), lab.relayAddress(), lab.relayAddress());
        }
        System.out.flush();
        stopped.await();
    }

    private static String env(String name) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? null : value;
    }

    private static void usage() {
        System.err.println("usage: LabClusterMain [--port 16443] [--host 127.0.0.1] [--nodes 3] "
                + "[--cilium-crds DIR] [--time-scale 1] [--relay-port 4245|0|-1] [--flow-buffer 4095]");
    }
}
