package io.c2intents.orchestrator.health;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the Kafka broker answers: one cluster description, bounded by
 * {@code orchestrator.kafka-timeout}, so {@code /q/health/ready} answers DOWN within seconds when the broker is
 * gone instead of hanging. (The messaging channels' own readiness checks are switched off in
 * {@code application.properties}: they could wait on a consumer blocked for a minute by the missing broker.)
 */
@Readiness
@ApplicationScoped
public class KafkaReadiness implements AsyncHealthCheck {

    static final String NAME = "kafka";

    private final String bootstrap;
    private final Duration timeout;
    private volatile Admin admin;

    public KafkaReadiness(
            @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092") String bootstrap,
            @ConfigProperty(name = "orchestrator.kafka-timeout", defaultValue = "5s") Duration timeout) {
        this.bootstrap = bootstrap;
        this.timeout = timeout;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        int ms = (int) Math.max(500, Math.min(timeout.toMillis(), 3000));
        return Uni.createFrom().deferred(() -> Uni.createFrom().completionStage(
                        admin().describeCluster(new DescribeClusterOptions().timeoutMs(ms)).nodes().toCompletionStage()))
                .ifNoItem().after(Duration.ofMillis(ms + 500L)).fail()
                .map(nodes -> HealthCheckResponse.named(NAME).status(!nodes.isEmpty())
                        .withData("bootstrap.servers", bootstrap).withData("brokers", nodes.size()).build())
                .onFailure().recoverWithItem(e -> HealthCheckResponse.named(NAME).down()
                        .withData("bootstrap.servers", bootstrap)
                        .withData("reason", "Kafka unreachable: check that the broker is running and reachable")
                        .build());
    }

    private Admin admin() {
        Admin current = admin;
        if (current == null) {
            synchronized (this) {
                current = admin;
                if (current == null) {
                    current = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                            AdminClientConfig.CLIENT_ID_CONFIG, "orchestrator-readiness",
                            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
                            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000,
                            AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000));
                    admin = current;
                }
            }
        }
        return current;
    }

    @PreDestroy
    void close() {
        Admin current = admin;
        if (current != null) {
            current.close(Duration.ofSeconds(2));
        }
    }
}
