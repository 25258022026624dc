package io.c2intents.observer.detector;

import io.c2intents.hubble.json.HubbleTime;

/**
 * One known C2 address or network, with where it came from and when it is valid.
 *
 * @param network         the address or CIDR
 * @param source          where it was declared: {@code config} or {@code stix:<file>#<indicator id>}
 * @param name            a human name (the STIX indicator's name, or the configured text)
 * @param validFromNanos  start of validity in flow time (epoch nanos), {@link Long#MIN_VALUE} = always
 * @param validUntilNanos end of validity, exclusive (epoch nanos), {@link Long#MAX_VALUE} = never ends
 */
public record Indicator(Cidr network, String source, String name, long validFromNanos, long validUntilNanos) {

    /** An indicator from the configuration: valid at all times. */
    public static Indicator configured(Cidr network) {
        return new Indicator(network, "config", network.toString(), Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** Whether a flow at {@code timeNanos} falls in the validity window (STIX: valid_from inclusive, valid_until exclusive). */
    public boolean validAt(long timeNanos) {
        return timeNanos >= validFromNanos && timeNanos < validUntilNanos;
    }

    /** Text for an alert's reason. */
    public String describe() {
        String where = source.equals("config") ? "configured indicator " + network : "indicator '" + name + "' ("
                + source + ")";
        if (validUntilNanos != Long.MAX_VALUE) {
            where += " valid until " + HubbleTime.toInstant(validUntilNanos);
        }
        return where;
    }
}
