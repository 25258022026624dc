package io.c2intents.orchestrator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Every setting of the orchestrator, under {@code orchestrator.*}. */
@ConfigMapping(prefix = "orchestrator")
public interface OrchestratorConfig {

    /** Bearer token that mutating endpoints require; when unset, one is generated at start and logged. */
    Optional<String> apiToken();

    /** Whether read endpoints (GET) answer without a token. */
    @WithDefault("true")
    boolean openReads();

    /** The experiment namespace: default for cluster lists and simulator commands. */
    @WithDefault("c2-lab")
    String namespace();

    /**
     * Namespaces the experiment commands refuse (400): the cluster's own and the one this system runs in, so a
     * setup can never put the experiment's pods (or its reset) among them.
     */
    @WithDefault("kube-system,kube-public,kube-node-lease,c2intents")
    java.util.List<String> protectedNamespaces();

    /** The C2 address the admin page's Infect button asks for; the simulator's own default when unset. */
    Optional<String> c2Address();

    /** How many flows the flow view keeps (a ring buffer: the oldest go first). */
    @WithDefault("10000")
    int flowCapacity();

    /** How many alerts (latest revision each) the alert view keeps. */
    @WithDefault("10000")
    int alertCapacity();

    /** How many incidents the incident view keeps; the least recently updated go first. */
    @WithDefault("1000")
    int incidentCapacity();

    /** How many steps one incident's timeline keeps; the oldest go first, the first alert stays. */
    @WithDefault("200")
    int timelineCapacity();

    /** How many mitigations (grouped steps) and commands are remembered for approve, revert and follow. */
    @WithDefault("10000")
    int mitigationCapacity();

    /** Items a slow SSE client may lag behind before its stream is ended (SSE clients reconnect). */
    @WithDefault("512")
    int streamBuffer();

    /** How long a Kubernetes API call may take before the answer is 504. */
    @WithDefault("20s")
    Duration kubernetesTimeout();

    /**
     * How long a command may wait for the Kafka broker to take it before the answer is 503 (Kafka unreachable);
     * the producers' own timeouts ({@code max.block.ms}, {@code delivery.timeout.ms}) are set to match in
     * {@code application.properties}, so a command that timed out is not sent later.
     */
    @WithDefault("5s")
    Duration kafkaTimeout();

    /**
     * How often the Kubernetes API is asked whether the pods with an OPEN or CONTAINED incident still exist; those
     * it does not have turn GONE (history, no longer infected). The intent buttons also ask before they act.
     */
    @WithDefault("15s")
    Duration podCheckInterval();

    /** Lines of a pod's log returned when the caller does not say. */
    @WithDefault("200")
    int logTailLines();
}
