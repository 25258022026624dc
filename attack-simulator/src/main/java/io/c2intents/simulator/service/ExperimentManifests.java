package io.c2intents.simulator.service;

import io.c2intents.simulator.config.SimulatorConfig;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The experiment's objects, read from the YAML files under {@code experiment/} (the same files an operator can
 * {@code kubectl apply}), with the namespace and the ping interval taken from the settings.
 */
@ApplicationScoped
public class ExperimentManifests {

    static final String NAMESPACE = "experiment/namespace.yaml";
    static final List<String> DEPLOYMENTS = List.of("experiment/benign-deployment.yaml",
            "experiment/target-deployment.yaml");
    static final String DEFAULT_POLICY = "experiment/default-policy.yaml";

    /** The pause of the ping loop; the files say {@code sleep 5}, the settings decide. */
    private static final Pattern SLEEP = Pattern.compile("\\bsleep \\d+\\b");

    private final SimulatorConfig config;
    private final KubernetesSerialization serialization = new KubernetesSerialization();

    public ExperimentManifests(SimulatorConfig config) {
        this.config = config;
    }

    public Namespace namespace(String namespace) {
        Namespace ns = read(NAMESPACE, Namespace.class);
        ns.getMetadata().setName(namespace);
        return ns;
    }

    /** The benign and the target Deployment, in that order. */
    public List<Deployment> deployments(String namespace) {
        long seconds = pingIntervalSeconds();
        List<Deployment> result = new ArrayList<>();
        for (String file : DEPLOYMENTS) {
            Deployment deployment = read(file, Deployment.class);
            deployment.getMetadata().setNamespace(namespace);
            deployment.getSpec().getTemplate().getSpec().getContainers().forEach(container -> {
                List<String> command = new ArrayList<>(container.getCommand());
                int last = command.size() - 1;
                command.set(last, withInterval(command.get(last), seconds, file));
                container.setCommand(command);
            });
            result.add(deployment);
        }
        return result;
    }

    public GenericKubernetesResource defaultPolicy(String namespace) {
        GenericKubernetesResource policy = read(DEFAULT_POLICY, GenericKubernetesResource.class);
        policy.getMetadata().setNamespace(namespace);
        return policy;
    }

    private long pingIntervalSeconds() {
        long seconds = config.pingInterval().toSeconds();
        if (seconds < 1) {
            throw new IllegalStateException("simulator.ping-interval must be at least 1s, is " + config.pingInterval());
        }
        return seconds;
    }

    private static String withInterval(String script, long seconds, String file) {
        Matcher matcher = SLEEP.matcher(script);
        if (!matcher.find()) {
            throw new IllegalStateException(file + ": the container command has no 'sleep <seconds>' to set");
        }
        // the replacement is a number from the settings, never text from a command
        return matcher.replaceFirst("sleep " + seconds);
    }

    private <T> T read(String resource, Class<T> type) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("manifest " + resource + " missing from the application");
            }
            return serialization.unmarshal(in, type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
