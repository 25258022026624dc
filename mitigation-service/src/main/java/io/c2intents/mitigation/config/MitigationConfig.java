package io.c2intents.mitigation.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** Every setting of the mitigation service, under {@code mitigation.*}. */
@ConfigMapping(prefix = "mitigation")
public interface MitigationConfig {

    /** Namespace the system itself runs in: no action ever touches it. */
    @WithDefault("c2intents")
    String ownNamespace();

    /** Namespaces no action ever touches, besides the system's own. */
    @WithDefault("kube-system,kube-public,kube-node-lease")
    List<String> protectedNamespaces();

    /** Label ({@code key=value}) that marks the system's own pods and workloads: never acted on. */
    @WithDefault("app.kubernetes.io/part-of=c2-intents")
    String ownLabel();

    /** Labels and annotations the actions put on what they touch, so revert (and reset) can find it. */
    Marks marks();

    /** Retries of Kubernetes API calls that failed for a reason that may pass (5xx, 429, conflicts, I/O). */
    Retry retry();

    /** How long one exec into a pod may take. */
    @WithDefault("30s")
    Duration execTimeout();

    /** How long a drain keeps retrying an eviction that a PodDisruptionBudget refuses (HTTP 429). */
    @WithDefault("30s")
    Duration evictionTimeout();

    /** How many applied actions are remembered, so a revert may name an apply by its request id. */
    @WithDefault("10000")
    int ledgerSize();

    /** Declared security intents: the planner, incidents and their verification (see the README, "Intents"). */
    Intents intents();

    /** Settings of the intents part: every window here is flow time unless it says wall time. */
    interface Intents {

        /** Declare the shipped intent {@code contain-and-eradicate-c2} at start-up when the topic has no such name. */
        @WithDefault("true")
        boolean declareDefault();

        /** Flow time after an eradication during which C2 attempts still count as the run it interrupted. */
        @WithDefault("PT10S")
        Duration eradicationGrace();

        /** Wall time between two checks that every open incident's quarantine is still in place (and lifts retried). */
        @WithDefault("PT30S")
        Duration reconcileInterval();

        /** Wall time allowed to read a topic whole: the intents at start-up, the incidents of assigned partitions. */
        @WithDefault("PT60S")
        Duration readTimeout();

        /** Incidents kept per instance (open and recently closed); the oldest closed ones are forgotten first. */
        @WithDefault("10000")
        int maxIncidents();

        /**
         * A flow later than this after both the wall clock and its partition's newest flow is ignored by verification
         * (a broken clock, not a flow): it would otherwise move the flow clock far ahead and end every window at once.
         */
        @WithDefault("PT24H")
        Duration maxFlowTimeAhead();
    }

    /** Keys and values of the marks. */
    interface Marks {

        /** Pod label a quarantine sets; its CiliumNetworkPolicy selects it. The value names the pod. */
        @WithDefault("c2.io/quarantine")
        String quarantineLabel();

        /** Prefix of a quarantine policy's name; the pod's name follows. */
        @WithDefault("c2-quarantine-")
        String quarantinePolicyPrefix();

        /** Label ({@code key=value}) on every object the service creates. */
        @WithDefault("app.kubernetes.io/managed-by=c2-intents")
        String managedBy();

        /** Node label (value: who) that says the service cordoned the node; revert only uncordons those. */
        @WithDefault("c2.io/cordoned-by")
        String cordonedBy();

        /** Annotation on a cordoned node naming the incident pod ({@code ns/pod}) it was drained for. */
        @WithDefault("c2.io/drained-for")
        String drainedFor();

        /** Annotation on a Deployment scaled to zero, holding its replicas before, for revert. */
        @WithDefault("c2.io/replicas-before")
        String replicasBefore();

        /** Label on a Deployment scaled to zero naming the incident pod, so revert finds it once the pod is gone. */
        @WithDefault("c2.io/scaled-for")
        String scaledFor();
    }

    /** Bounded exponential backoff. */
    interface Retry {

        /** Attempts in all, the first one included. */
        @WithDefault("4")
        int attempts();

        /** Wait before the second attempt; doubled each time. */
        @WithDefault("200ms")
        Duration initialBackoff();

        /** Longest wait between two attempts. */
        @WithDefault("3s")
        Duration maxBackoff();
    }
}
