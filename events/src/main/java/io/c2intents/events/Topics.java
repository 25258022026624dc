package io.c2intents.events;

import java.util.List;

/**
 * Every Kafka topic of the system, by name. Services map channels to these names in
 * {@code application.properties}; the provisioner creates them before anything starts.
 */
public final class Topics {

    public static final String HUBBLE_FLOWS = "hubble-flows";
    public static final String C2_ALERTS = "c2-alerts";
    public static final String SIMULATOR_COMMANDS = "simulator-commands";
    public static final String SIMULATOR_EVENTS = "simulator-events";
    public static final String MITIGATION_REQUESTS = "mitigation-requests";
    public static final String MITIGATION_EVENTS = "mitigation-events";
    /** Compacted: the latest declaration of each intent, keyed by intent name; a null value deletes it. */
    public static final String SECURITY_INTENTS = "security-intents";

    /** Topics keyed by the pod (namespace/pod): they share one partition count so a pod's records co-partition. */
    public static final List<String> POD_KEYED = List.of(HUBBLE_FLOWS, C2_ALERTS, MITIGATION_REQUESTS, MITIGATION_EVENTS);

    /** Every main topic, in a stable order. */
    public static final List<String> ALL = List.of(HUBBLE_FLOWS, C2_ALERTS, SIMULATOR_COMMANDS, SIMULATOR_EVENTS,
            MITIGATION_REQUESTS, MITIGATION_EVENTS, SECURITY_INTENTS);

    /** Topics a consumer of ours dead-letters into; each gets a {@code <topic>-dlq}. */
    public static final List<String> CONSUMED = List.of(HUBBLE_FLOWS, C2_ALERTS, SIMULATOR_COMMANDS,
            MITIGATION_REQUESTS, SECURITY_INTENTS);

    /** Default partition count of the pod-keyed topics. */
    public static final int DEFAULT_PARTITIONS = 3;

    private Topics() {
    }

    /** The dead-letter topic of {@code topic}; SmallRye's own default name differs, so always name it. */
    public static String dlq(String topic) {
        return topic + "-dlq";
    }

    /** Header names written on DLQ records besides SmallRye's own {@code dead-letter-reason}. */
    public static final String DLQ_REASON_HEADER = "dead-letter-reason";
}
