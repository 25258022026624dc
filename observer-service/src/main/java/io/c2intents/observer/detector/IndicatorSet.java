package io.c2intents.observer.detector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The indicators the detector matches destinations against. Single addresses are found with one hash lookup on the
 * address text (the common case: a list of C2 IPs); networks are checked one by one, which is fine for the tens of
 * CIDRs a feed usually carries. Immutable and thread-safe.
 */
public final class IndicatorSet {

    private final Map<String, List<Indicator>> hosts = new HashMap<>();
    private final List<Indicator> networks = new ArrayList<>();
    private final int size;

    public IndicatorSet(List<Indicator> indicators) {
        for (Indicator indicator : indicators) {
            if (indicator.network().isHost()) {
                hosts.computeIfAbsent(indicator.network().toString(), k -> new ArrayList<>(1)).add(indicator);
            } else {
                networks.add(indicator);
            }
        }
        size = indicators.size();
    }

    public static IndicatorSet of(String... addresses) {
        List<Indicator> list = new ArrayList<>();
        for (String address : addresses) {
            list.add(Indicator.configured(Cidr.parse(address)));
        }
        return new IndicatorSet(list);
    }

    /** The first indicator valid at {@code timeNanos} that covers {@code ip}, or null. */
    public Indicator match(String ip, long timeNanos) {
        List<Indicator> exact = hosts.get(ip);
        if (exact != null) {
            for (Indicator indicator : exact) {
                if (indicator.validAt(timeNanos)) {
                    return indicator;
                }
            }
        }
        for (Indicator indicator : networks) {
            if (indicator.validAt(timeNanos) && indicator.network().contains(ip)) {
                return indicator;
            }
        }
        if (exact == null && ip.indexOf(':') >= 0 && !hosts.isEmpty()) {
            // IPv6 has many spellings of one address; compare in canonical form.
            for (List<Indicator> candidates : hosts.values()) {
                for (Indicator indicator : candidates) {
                    if (indicator.network().v6() && indicator.validAt(timeNanos) && indicator.network().contains(ip)) {
                        return indicator;
                    }
                }
            }
        }
        return null;
    }

    public int size() {
        return size;
    }
}
