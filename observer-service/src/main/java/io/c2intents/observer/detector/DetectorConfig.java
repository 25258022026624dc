package io.c2intents.observer.detector;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every setting of the C2 detector ({@code observer.detector.*}). It is its own mapping, next to the flow sources'
 * {@code ObserverConfig}, so the two halves of the observer can change their settings independently. Every window is
 * measured on flow event time, never on the wall clock. Bad values (an invalid CIDR, an unreadable STIX bundle) stop
 * start-up with a message naming the entry, see {@link DetectorSettings#from(DetectorConfig)}.
 */
@ConfigMapping(prefix = "observer.detector")
public interface DetectorConfig {

    /** Indicator matching: known C2 addresses. */
    Indicators indicators();

    /** Egress baseline: destinations a workload is expected to reach. */
    Baseline baseline();

    /** Beaconing: contacts to one destination at regular intervals. */
    Beaconing beaconing();

    /** Alert updates and state limits. */
    Alerts alerts();

    /** Bounds on the per-partition state. */
    State state();

    interface Indicators {

        /** IP addresses and CIDRs of known C2 servers; the reference scenario's C2 address by default. */
        @WithDefault("1.1.1.1")
        List<String> addresses();

        /** STIX 2.1 bundles (JSON files) whose {@code indicator} objects with IP patterns are loaded at start-up. */
        Optional<List<Path>> stixBundles();

        /** Score of an indicator alert: an exact match on a listed address is strong evidence. */
        @WithDefault("0.95")
        double score();
    }

    interface Baseline {

        /** Turns the egress-baseline detector on. */
        @WithDefault("true")
        boolean enabled();

        /**
         * Allowed destinations (IPs or CIDRs) per workload, keyed {@code "namespace/workload"}, {@code "namespace/*"}
         * or {@code "*"}: {@code observer.detector.baseline.allow."c2-lab/*"=8.8.8.8,9.9.9.9}.
         */
        Map<String, List<String>> allow();

        /** How long, from a workload's first flow, its destinations are learned as normal. */
        @WithDefault("5m")
        Duration learningWindow();

        /** Most destinations learned per workload; past it nothing more is learned (and the rest raise alerts). */
        @WithDefault("1024")
        int maxLearned();

        /** Score of a baseline alert: a new destination is suspicious, not proof. */
        @WithDefault("0.6")
        double score();
    }

    interface Beaconing {

        /** Turns the beaconing detector on. */
        @WithDefault("true")
        boolean enabled();

        /** Silence that ends a contact: flows closer than this belong to the same burst ({@code ping -c5} is one). */
        @WithDefault("10s")
        Duration contactGap();

        /** Contacts needed before regularity is scored (4 intervals with the default 5). */
        @WithDefault("5")
        int minContacts();

        /** Most recent contacts kept per pod and destination for scoring. */
        @WithDefault("12")
        int maxContacts();

        /** Jitter tolerated: an interval within this fraction of the median interval counts as regular. */
        @WithDefault("0.15")
        double tolerance();

        /** Score (share of regular intervals) from which an alert is raised. */
        @WithDefault("0.8")
        double threshold();
    }

    interface Alerts {

        /** An open alert is republished (revision + 1) at most this often in flow time, unless its score changes. */
        @WithDefault("60s")
        Duration updateInterval();

        /** A score change at least this large republishes the alert at once. */
        @WithDefault("0.05")
        double scoreChange();

        /** Flow times kept as evidence in an alert (the newest ones). */
        @WithDefault("20")
        int evidenceFlowTimes();
    }

    interface State {

        /** A pod and destination with no flow for this long (flow time) is forgotten and its alerts closed. */
        @WithDefault("1h")
        Duration expiry();

        /** A workload's learned baseline is kept this long after its last flow. */
        @WithDefault("24h")
        Duration baselineExpiry();

        /** Most pods tracked per partition; the least recently seen is forgotten first. */
        @WithDefault("50000")
        int maxPods();

        /** Most destinations tracked per pod; the least recently contacted is forgotten first. */
        @WithDefault("256")
        int maxDestinationsPerPod();

        /** Most published alert revisions remembered per partition to refuse duplicates after a restart. */
        @WithDefault("100000")
        int maxLedgerEntries();
    }
}
