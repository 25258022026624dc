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

    /*
     * Headers SmallRye's dead-letter-queue strategy (KafkaDeadLetterQueue) writes on every DLQ record; the key and
     * value are the input record's. Named here so tests and tools read them without depending on SmallRye.
     */

    /** Message of the exception the record was nacked with, e.g. a {@link ContractViolation}'s. */
    public static final String DLQ_REASON_HEADER = "dead-letter-reason";
    /** Message of that exception's cause, when it has one. */
    public static final String DLQ_CAUSE_HEADER = "dead-letter-cause";
    /** Class name of the exception the record was nacked with. */
    public static final String DLQ_EXCEPTION_CLASS_HEADER = "dead-letter-exception-class-name";
    /** Class name of that exception's cause, when it has one. */
    public static final String DLQ_CAUSE_CLASS_HEADER = "dead-letter-cause-class-name";
    /** Topic the record was read from. */
    public static final String DLQ_TOPIC_HEADER = "dead-letter-topic";
    /** Partition the record was read from. */
    public static final String DLQ_PARTITION_HEADER = "dead-letter-partition";
    /** Offset of the record in that partition. */
    public static final String DLQ_OFFSET_HEADER = "dead-letter-offset";

    /** Every DLQ header above, in the order {@code docs/topics.md} lists them. */
    public static final List<String> DLQ_HEADERS = List.of(DLQ_REASON_HEADER, DLQ_CAUSE_HEADER,
            DLQ_EXCEPTION_CLASS_HEADER, DLQ_CAUSE_CLASS_HEADER, DLQ_TOPIC_HEADER, DLQ_PARTITION_HEADER,
            DLQ_OFFSET_HEADER);
}
