package io.c2intents.mitigation.intent;

import io.c2intents.testsupport.SharedData;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A lab cluster with its datapath and Hubble Relay on a stepped clock, for the end-to-end test of the intents.
 * Loaded by the system class loader, whole, for the reason {@link io.c2intents.mitigation.lab.LabResource} gives;
 * the test reaches the lab over HTTP (the service's Fabric8 client) and gRPC (the relay), and moves its clock through
 * {@link #advance(Duration)}, which finds the lab through the system properties (shared by every class loader).
 */
public class SteppedLabResource implements QuarkusTestResourceLifecycleManager {

    /** Where the running lab is kept for the test (a system property holding the object). */
    static final String INSTANCE = "c2intents.test.stepped-lab";
    /** The relay's {@code host:port}, as a config property for the test. */
    static final String RELAY_ADDRESS = "lab.relay-address";

    private AutoCloseable lab;

    @Override
    public Map<String, String> start() {
        try {
            ClassLoader system = ClassLoader.getSystemClassLoader();
            Class<?> configType = system.loadClass("io.c2intents.lab.LabConfig");
            Class<?> clockType = system.loadClass("io.c2intents.lab.clock.LabClock");
            // mid-minute, so cron's first minute is a real boundary; never before the wall clock
            Instant start = Instant.ofEpochSecond(Instant.now().getEpochSecond() / 60 * 60 + 90);
            Object clock = clockType.getMethod("stepped", Instant.class).invoke(null, start);
            Object config = configType.getMethod("forTests").invoke(null);
            config = configType.getMethod("withClock", clockType).invoke(config, clock);
            Optional<Path> crds = SharedData.dir().map(d -> d.resolve("cilium-crds")).filter(Files::isDirectory);
            if (crds.isPresent()) {
                config = configType.getMethod("withCiliumCrdDir", Path.class).invoke(config, crds.get());
            }
            Class<?> labType = system.loadClass("io.c2intents.lab.LabCluster");
            lab = (AutoCloseable) labType.getMethod("start", configType).invoke(null, config);
            System.getProperties().put(INSTANCE, lab);
            return Map.of(
                    "quarkus.kubernetes-client.api-server-url", (String) labType.getMethod("kubernetesUrl").invoke(lab),
                    "quarkus.kubernetes-client.trust-certs", "true",
                    "quarkus.kubernetes-client.namespace", "default",
                    "quarkus.kubernetes-client.devservices.enabled", "false",
                    // a loaded CI machine: Fabric8's default 10 s is too short to open the exec WebSocket
                    "quarkus.kubernetes-client.request-timeout", "30s",
                    "quarkus.kubernetes-client.connection-timeout", "30s",
                    RELAY_ADDRESS, (String) labType.getMethod("relayAddress").invoke(lab));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot start the lab cluster", e);
        }
    }

    @Override
    public void stop() {
        System.getProperties().remove(INSTANCE);
        if (lab != null) {
            try {
                lab.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot stop the lab cluster", e);
            }
            lab = null;
        }
    }

    /** Moves the running lab's clock: its pods ping, its crond fires, its datapath judges, its relay serves. */
    static void advance(Duration step) {
        invokeOnClock("advance", step);
    }

    /** The running lab's time. */
    static Instant now() {
        return (Instant) invokeOnClock("now", null);
    }

    /** Moves the lab's clock to {@code seconds} past the next minute boundary. */
    static void advanceToNextMinute(int seconds) {
        Instant now = now();
        Instant minute = Instant.ofEpochSecond(now.getEpochSecond() - Math.floorMod(now.getEpochSecond(), 60) + 60);
        advance(Duration.between(now, minute.plusSeconds(seconds)));
    }

    private static Object invokeOnClock(String name, Duration step) {
        Object lab = System.getProperties().get(INSTANCE);
        if (lab == null) {
            throw new IllegalStateException("no stepped lab is running");
        }
        try {
            Object clock = lab.getClass().getMethod("clock").invoke(lab);
            Method method = step == null ? clock.getClass().getMethod(name)
                    : clock.getClass().getMethod(name, Duration.class);
            method.setAccessible(true);
            return step == null ? method.invoke(clock) : method.invoke(clock, step);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot " + name + " the lab clock", e);
        }
    }
}
