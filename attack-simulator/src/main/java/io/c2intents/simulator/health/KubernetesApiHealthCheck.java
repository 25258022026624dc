package io.c2intents.simulator.health;

import io.c2intents.simulator.config.SimulatorConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only when the Kubernetes API answers: without it every command would fail. Asks for the experiment's
 * namespace, which the simulator's own permissions allow (a 404 still proves the API is there). Quarkus calls
 * non-reactive checks on a worker thread, so the blocking call is fine here.
 */
@Readiness
@ApplicationScoped
public class KubernetesApiHealthCheck implements HealthCheck {

    private final KubernetesClient client;
    private final SimulatorConfig config;

    public KubernetesApiHealthCheck(KubernetesClient client, SimulatorConfig config) {
        this.client = client;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("kubernetes-api")
                .withData("url", String.valueOf(client.getMasterUrl()));
        try {
            boolean present = client.namespaces().withName(config.namespace()).get() != null;
            return response.withData("namespace " + config.namespace(), present ? "present" : "absent").up().build();
        } catch (KubernetesClientException e) {
            return response.withData("error", String.valueOf(e.getMessage())).down().build();
        }
    }
}
