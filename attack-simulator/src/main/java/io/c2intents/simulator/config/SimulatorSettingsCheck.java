package io.c2intents.simulator.config;

import io.c2intents.simulator.service.InvalidCommand;
import io.c2intents.simulator.service.PodInfector;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks {@code simulator.*} at start-up, before the first command is read, so a bad value stops the service with a
 * message naming the setting and what it allows instead of failing every command later (or, for a protected
 * default namespace, deploying the experiment into {@code kube-system}).
 */
@ApplicationScoped
public class SimulatorSettingsCheck {

    /** DNS-1123 label, as the command contract's {@code namespace}. */
    private static final Pattern NAMESPACE = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\\z");

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event, SimulatorConfig config) {
        List<String> problems = problems(config);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Invalid attack-simulator configuration: " + String.join("; ", problems));
        }
        Log.infof("experiment namespace %s; protected namespaces %s", config.namespace(), config.protectedNamespaces());
    }

    /** Every problem of the settings, each naming the setting, its value and what is allowed; empty when fine. */
    public static List<String> problems(SimulatorConfig config) {
        List<String> problems = new ArrayList<>();
        if (!NAMESPACE.matcher(config.namespace()).matches()) {
            problems.add("simulator.namespace: '" + config.namespace() + "' is not a Kubernetes namespace name"
                    + " (DNS-1123 label: at most 63 lower-case letters, digits and '-', starting and ending with a"
                    + " letter or digit)");
        } else if (isProtected(config, config.namespace())) {
            problems.add("simulator.namespace: '" + config.namespace() + "' is protected"
                    + " (simulator.protected-namespaces " + config.protectedNamespaces()
                    + "); give the experiment a namespace of its own, e.g. c2-lab");
        }
        Duration ping = config.pingInterval();
        if (ping.compareTo(Duration.ofSeconds(1)) < 0 || ping.toNanosPart() != 0) {
            problems.add("simulator.ping-interval: " + ping + " is not allowed; it must be whole seconds, at least 1s");
        }
        positive(problems, "simulator.rollout-timeout", config.rolloutTimeout());
        positive(problems, "simulator.exec-timeout", config.execTimeout());
        try {
            PodInfector.cronLine(config.c2Address(), "* * * * *");
        } catch (InvalidCommand e) {
            problems.add("simulator.c2-address: '" + config.c2Address() + "' is not a dotted IPv4 address");
        }
        try {
            PodInfector.cronLine("1.1.1.1", config.schedule());
        } catch (InvalidCommand e) {
            problems.add("simulator.schedule: '" + config.schedule()
                    + "' is not five cron fields of digits, * , - and /");
        }
        return problems;
    }

    /** Whether no command may touch {@code namespace}. */
    public static boolean isProtected(SimulatorConfig config, String namespace) {
        return config.protectedNamespaces().stream().map(String::strip).anyMatch(namespace::equals);
    }

    private static void positive(List<String> problems, String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            problems.add(name + ": " + value + " is not allowed; it must be longer than 0s");
        }
    }
}
