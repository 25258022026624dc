package io.c2intents.simulator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** Every setting of the attack simulator, under {@code simulator.*}. */
@ConfigMapping(prefix = "simulator")
public interface SimulatorConfig {

    /** Namespace of the experiment when a command names none; created if missing. */
    @WithDefault("c2-lab")
    String namespace();

    /**
     * Namespaces no command may name (deploy, infect, reset, undeploy): the cluster's own and this system's. A command
     * naming one is rejected and dead-lettered; {@code simulator.namespace} naming one stops the start-up.
     */
    @WithDefault("kube-system,kube-public,kube-node-lease,c2intents")
    List<String> protectedNamespaces();

    /** How long the experiment's containers sleep between two pings of 8.8.8.8 (whole seconds, at least 1). */
    @WithDefault("5s")
    Duration pingInterval();

    /** C2 address the infection pings when a command names none. */
    @WithDefault("1.1.1.1")
    String c2Address();

    /** Cron schedule (five fields) of the infection when a command names none. */
    @WithDefault("* * * * *")
    String schedule();

    /** How long deploy waits for every experiment pod to run before it reports a failure. */
    @WithDefault("180s")
    Duration rolloutTimeout();

    /** How long one exec into a pod may take. */
    @WithDefault("30s")
    Duration execTimeout();

    /** Settings of reset. */
    Reset reset();

    /** What reset removes besides the experiment's own objects, which it always removes. */
    interface Reset {

        /**
         * Label selectors (key=value or key) of CiliumNetworkPolicies the responder created for the experiment's
         * pods, e.g. quarantine policies; reset deletes them in the experiment's namespace.
         */
        @WithDefault("app.kubernetes.io/managed-by=c2-intents")
        List<String> responderPolicySelectors();

        /** Label keys the responder puts on pods (quarantine, infected); reset removes them from experiment pods. */
        @WithDefault("c2.io/status,c2.io/quarantine")
        List<String> responderPodLabels();

        /** Label (and annotation) key that marks a node cordoned by the experiment or the responder. */
        @WithDefault("c2.io/cordoned-by")
        String cordonedByKey();

        /** Annotations the responder leaves on a node it cordoned; reset removes them when it uncordons the node. */
        @WithDefault("c2.io/drained-for")
        List<String> responderNodeAnnotations();
    }
}
