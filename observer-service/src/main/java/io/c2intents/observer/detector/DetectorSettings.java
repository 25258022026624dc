package io.c2intents.observer.detector;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The detector's settings, validated and parsed once ({@link #from(DetectorConfig)}), in the plain form the detection
 * core uses, so the core runs the same in the service, in unit tests and in the benchmark. Durations are nanoseconds
 * of flow time. Immutable.
 */
public final class DetectorSettings {

    final IndicatorSet indicators;
    final double indicatorScore;
    final boolean baselineEnabled;
    final Map<String, List<Cidr>> allow;
    final long learningWindowNanos;
    final int maxLearned;
    final double baselineScore;
    final boolean beaconingEnabled;
    final long contactGapNanos;
    final int minContacts;
    final int maxContacts;
    final double tolerance;
    final double beaconThreshold;
    final long updateIntervalNanos;
    final double scoreChange;
    final int evidenceFlowTimes;
    final long expiryNanos;
    final long baselineExpiryNanos;
    final int maxPods;
    final int maxDestinationsPerPod;
    final int maxLedgerEntries;

    private DetectorSettings(Builder b) {
        indicators = b.indicators;
        indicatorScore = b.indicatorScore;
        baselineEnabled = b.baselineEnabled;
        allow = Map.copyOf(b.allow);
        learningWindowNanos = b.learningWindow.toNanos();
        maxLearned = b.maxLearned;
        baselineScore = b.baselineScore;
        beaconingEnabled = b.beaconingEnabled;
        contactGapNanos = b.contactGap.toNanos();
        minContacts = b.minContacts;
        maxContacts = b.maxContacts;
        tolerance = b.tolerance;
        beaconThreshold = b.beaconThreshold;
        updateIntervalNanos = b.updateInterval.toNanos();
        scoreChange = b.scoreChange;
        evidenceFlowTimes = b.evidenceFlowTimes;
        expiryNanos = b.expiry.toNanos();
        baselineExpiryNanos = b.baselineExpiry.toNanos();
        maxPods = b.maxPods;
        maxDestinationsPerPod = b.maxDestinationsPerPod;
        maxLedgerEntries = b.maxLedgerEntries;
    }

    /**
     * Parses and checks the configuration.
     *
     * @throws IllegalArgumentException naming the setting and the entry when a value is invalid (an address that is
     *                                  not an IP or CIDR, a STIX bundle that cannot be read or is malformed, ...)
     */
    public static DetectorSettings from(DetectorConfig config) {
        Builder b = builder();
        List<Indicator> indicators = new ArrayList<>();
        List<String> addresses = config.indicators().addresses();
        for (int i = 0; i < addresses.size(); i++) {
            indicators.add(Indicator.configured(cidr("observer.detector.indicators.addresses[" + i + "]",
                    addresses.get(i))));
        }
        for (Path bundle : config.indicators().stixBundles().orElse(List.of())) {
            try {
                indicators.addAll(StixBundles.read(bundle));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("observer.detector.indicators.stix-bundles: " + e.getMessage(), e);
            }
        }
        b.indicators(new IndicatorSet(indicators));
        b.indicatorScore = score("observer.detector.indicators.score", config.indicators().score());
        b.baselineEnabled = config.baseline().enabled();
        for (Map.Entry<String, List<String>> entry : config.baseline().allow().entrySet()) {
            String workload = entry.getKey();
            String setting = "observer.detector.baseline.allow.\"" + workload + "\"";
            if (!workload.equals("*") && !workload.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?/(\\*|[^/\\s]+)")) {
                throw new IllegalArgumentException(setting + ": the key must be \"namespace/workload\", "
                        + "\"namespace/*\" or \"*\"");
            }
            List<Cidr> networks = new ArrayList<>();
            for (String value : entry.getValue()) {
                networks.add(cidr(setting, value));
            }
            b.allow(workload, networks);
        }
        b.learningWindow = positiveOrZero("observer.detector.baseline.learning-window",
                config.baseline().learningWindow());
        b.maxLearned = atLeast("observer.detector.baseline.max-learned", config.baseline().maxLearned(), 0);
        b.baselineScore = score("observer.detector.baseline.score", config.baseline().score());
        b.beaconingEnabled = config.beaconing().enabled();
        b.contactGap = positive("observer.detector.beaconing.contact-gap", config.beaconing().contactGap());
        b.minContacts = atLeast("observer.detector.beaconing.min-contacts", config.beaconing().minContacts(), 4);
        b.maxContacts = atLeast("observer.detector.beaconing.max-contacts", config.beaconing().maxContacts(),
                b.minContacts);
        b.tolerance = fraction("observer.detector.beaconing.tolerance", config.beaconing().tolerance());
        b.beaconThreshold = score("observer.detector.beaconing.threshold", config.beaconing().threshold());
        b.updateInterval = positiveOrZero("observer.detector.alerts.update-interval",
                config.alerts().updateInterval());
        b.scoreChange = fraction("observer.detector.alerts.score-change", config.alerts().scoreChange());
        b.evidenceFlowTimes = atLeast("observer.detector.alerts.evidence-flow-times",
                config.alerts().evidenceFlowTimes(), 1);
        if (b.evidenceFlowTimes > 100) {
            throw new IllegalArgumentException("observer.detector.alerts.evidence-flow-times: at most 100 "
                    + "(the c2-alert schema's limit), was " + b.evidenceFlowTimes);
        }
        b.expiry = positive("observer.detector.state.expiry", config.state().expiry());
        b.baselineExpiry = positive("observer.detector.state.baseline-expiry", config.state().baselineExpiry());
        b.maxPods = atLeast("observer.detector.state.max-pods", config.state().maxPods(), 1);
        b.maxDestinationsPerPod = atLeast("observer.detector.state.max-destinations-per-pod",
                config.state().maxDestinationsPerPod(), 1);
        b.maxLedgerEntries = atLeast("observer.detector.state.max-ledger-entries",
                config.state().maxLedgerEntries(), 1);
        return b.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public IndicatorSet indicators() {
        return indicators;
    }

    /** The allow-listed networks for a workload ({@code namespace/name}): its own, its namespace's and global ones. */
    List<Cidr> allowed(String namespace, String workloadKey) {
        List<Cidr> own = allow.get(workloadKey);
        List<Cidr> ns = allow.get(namespace + "/*");
        List<Cidr> all = allow.get("*");
        if (ns == null && all == null) {
            return own == null ? List.of() : own;
        }
        List<Cidr> result = new ArrayList<>();
        if (own != null) {
            result.addAll(own);
        }
        if (ns != null) {
            result.addAll(ns);
        }
        if (all != null) {
            result.addAll(all);
        }
        return result;
    }

    private static Cidr cidr(String setting, String value) {
        try {
            return Cidr.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + ": " + e.getMessage(), e);
        }
    }

    private static double score(String setting, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(setting + ": must be between 0 and 1, was " + value);
        }
        return value;
    }

    private static double fraction(String setting, double value) {
        return score(setting, value);
    }

    private static int atLeast(String setting, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(setting + ": must be at least " + min + ", was " + value);
        }
        return value;
    }

    private static Duration positive(String setting, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(setting + ": must be positive, was " + value);
        }
        return value;
    }

    private static Duration positiveOrZero(String setting, Duration value) {
        if (value.isNegative()) {
            throw new IllegalArgumentException(setting + ": must not be negative, was " + value);
        }
        return value;
    }

    /** Settings for tests and the benchmark, starting from the same defaults as {@link DetectorConfig}. */
    public static final class Builder {
        private IndicatorSet indicators = IndicatorSet.of("1.1.1.1");
        private double indicatorScore = 0.95;
        private boolean baselineEnabled = true;
        private final Map<String, List<Cidr>> allow = new LinkedHashMap<>();
        private Duration learningWindow = Duration.ofMinutes(5);
        private int maxLearned = 1024;
        private double baselineScore = 0.6;
        private boolean beaconingEnabled = true;
        private Duration contactGap = Duration.ofSeconds(10);
        private int minContacts = 5;
        private int maxContacts = 12;
        private double tolerance = 0.15;
        private double beaconThreshold = 0.8;
        private Duration updateInterval = Duration.ofSeconds(60);
        private double scoreChange = 0.05;
        private int evidenceFlowTimes = 20;
        private Duration expiry = Duration.ofHours(1);
        private Duration baselineExpiry = Duration.ofHours(24);
        private int maxPods = 50_000;
        private int maxDestinationsPerPod = 256;
        private int maxLedgerEntries = 100_000;

        public Builder indicators(IndicatorSet value) {
            indicators = value;
            return this;
        }

        public Builder allow(String workload, List<Cidr> networks) {
            allow.put(workload, List.copyOf(networks));
            return this;
        }

        public Builder allow(String workload, String... networks) {
            return allow(workload, java.util.Arrays.stream(networks).map(Cidr::parse).toList());
        }

        public Builder baseline(boolean enabled, Duration window) {
            baselineEnabled = enabled;
            learningWindow = window;
            return this;
        }

        public Builder beaconing(boolean enabled) {
            beaconingEnabled = enabled;
            return this;
        }

        public Builder updateInterval(Duration value) {
            updateInterval = value;
            return this;
        }

        public Builder expiry(Duration value) {
            expiry = value;
            return this;
        }

        public Builder maxPods(int value) {
            maxPods = value;
            return this;
        }

        public Builder maxDestinationsPerPod(int value) {
            maxDestinationsPerPod = value;
            return this;
        }

        public Builder evidenceFlowTimes(int value) {
            evidenceFlowTimes = value;
            return this;
        }

        public DetectorSettings build() {
            return new DetectorSettings(this);
        }
    }
}
