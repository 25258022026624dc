package io.c2intents.mitigation.intent;

/** The messaging channels of the intents part; {@code application.properties} maps them to topics. */
public final class IntentChannels {

    /** Declared intents in, from {@code security-intents}: a group of its own per instance, from the beginning. */
    public static final String INTENTS = "security-intents";
    /** The shipped default intent out, to {@code security-intents}, when the topic has none by its name. */
    public static final String DECLARE = "security-intents-declare";
    /** Alerts in, from {@code c2-alerts}: the service's group, so each pod's alerts reach one instance. */
    public static final String ALERTS = "c2-alerts";
    /** Flows in, from {@code hubble-flows}: a group of its own per instance, from the end, filtered to owned pods. */
    public static final String FLOWS = "hubble-flows-verify";
    /** Name of the rebalance listener that rebuilds incidents when {@code c2-alerts} partitions are assigned. */
    public static final String INCIDENT_REBUILD = "mitigation-incident-rebuild";

    private IntentChannels() {
    }
}
