package io.c2intents.observer.detector;

import io.c2intents.events.AlertEvidence;
import io.c2intents.events.C2Alert;
import io.c2intents.events.Detector;
import io.c2intents.hubble.json.FlowSummary;
import io.c2intents.hubble.json.HubbleTime;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The detection state of one {@code hubble-flows} partition and the three detectors over it. Every pod's flows are on
 * one partition, so this object sees all of a pod's traffic, in order, and nothing else needs it. Decisions depend
 * only on the flows and their times (never the wall clock), so replaying a partition rebuilds the same state and
 * derives the same alert ids and revisions; the {@link AlertLedger} then refuses what is on {@code c2-alerts} already.
 *
 * <p>Only flows whose pod end is a pod and whose other end is not a pod are tracked. Indicators match the remote
 * address in either direction; the baseline and beaconing only look at egress the pod started towards the world,
 * to addresses the operator has not allow-listed for the pod's workload.
 * Echo replies and dropped flows count as attempts, and each alert says how many of each it rests on.
 *
 * <p>Bounded: at most {@code max-pods} pods (least recently seen forgotten first), {@code max-destinations-per-pod}
 * destinations each, and a pod/destination idle for {@code state.expiry} of flow time is forgotten with its alerts.
 * Not thread-safe: one partition is processed by one thread at a time.
 */
public final class PartitionDetector {

    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final DetectorSettings settings;
    private final AlertLedger ledger;
    private final Clock clock;
    private final Map<String, PodState> pods;
    private final Map<String, WorkloadBaseline> workloads = new HashMap<>();
    private final FlowEnds ends = new FlowEnds();
    private final long sweepEveryNanos;
    private long latestNanos = Long.MIN_VALUE;
    private long nextSweepNanos = Long.MIN_VALUE;
    private long evicted;

    public PartitionDetector(DetectorSettings settings, AlertLedger ledger, Clock clock) {
        this.settings = settings;
        this.ledger = ledger;
        this.clock = clock;
        this.sweepEveryNanos = Math.max(1_000_000_000L, Math.min(settings.expiryNanos / 4, 60_000_000_000L));
        int maxPods = settings.maxPods;
        this.pods = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, PodState> eldest) {
                if (size() > maxPods) {
                    close(eldest.getValue());
                    evicted++;
                    return true;
                }
                return false;
            }
        };
    }

    /**
     * Runs the detectors over one flow.
     *
     * @param flow a flow with a time
     * @param live false while the partition is replayed to rebuild state: alerts are derived (so revisions stay in
     *             step) but none is returned, as all of them were handled before the restart
     * @return the alerts (new ones and new revisions) to publish, in order; empty for almost every flow
     */
    public List<C2Alert> evaluate(FlowSummary flow, boolean live) {
        long t = flow.timeNanos();
        if (t > latestNanos) {
            latestNanos = t;
            if (t >= nextSweepNanos) {
                sweep(t);
                nextSweepNanos = t + sweepEveryNanos;
            }
        }
        FlowEnds e = ends;
        if (!e.of(flow)) {
            return List.of();
        }
        String podKey = e.pod.podKey();
        PodState pod = pods.get(podKey);
        if (pod == null || pod.baseline.removed) {
            pod = new PodState(baseline(FlowEnds.workloadKey(e.pod), e.pod.namespace(), t));
            pods.put(podKey, pod);
        }
        pod.lastSeen = Math.max(pod.lastSeen, t);
        pod.baseline.lastSeen = Math.max(pod.baseline.lastSeen, t);
        if (e.remote.isPod() || e.remoteIp.isEmpty()) {
            return List.of();
        }
        Indicator indicator = settings.indicators.match(e.remoteIp, t);
        // An operator allow-listed destination is expected traffic: exempt from the baseline and from beaconing
        // (a benign `ping -c1 8.8.8.8; sleep 30` loop is as regular as a beacon). Indicators still match it.
        boolean egress = e.podInitiated && FlowEnds.isWorld(e.remote) && !pod.baseline.allowListed(e.remoteIp);
        if (indicator == null && !egress) {
            return List.of();
        }
        DestinationState dest = pod.destination(e.remoteIp, settings);
        boolean newContact = dest.record(flow, t, settings);
        List<C2Alert> out = null;
        if (indicator != null) {
            AlertState alert = dest.alerts[0];
            if (alert == null) {
                alert = open(dest, Detector.INDICATOR, flow, t, settings.indicatorScore, false);
            } else {
                alert.add(flow, t);
            }
            alert.detail = indicator.describe();
            out = publishIfDue(out, alert, flow, t, live);
        }
        if (egress && settings.baselineEnabled) {
            AlertState alert = dest.alerts[1];
            if (alert != null) {
                alert.add(flow, t);
                out = publishIfDue(out, alert, flow, t, live);
            } else if (!pod.baseline.expected(e.remoteIp, t, settings)) {
                alert = open(dest, Detector.BASELINE, flow, t, settings.baselineScore, false);
                alert.detail = "outside the egress baseline of workload " + pod.baseline.key + " ("
                        + pod.baseline.learned.size() + " destinations learned until "
                        + HubbleTime.toInstant(pod.baseline.start + settings.learningWindowNanos) + ")";
                out = publishIfDue(out, alert, flow, t, live);
            }
        }
        if (egress && settings.beaconingEnabled) {
            if (newContact) {
                dest.regularity = dest.contacts.size() >= settings.minContacts
                        ? Regularity.of(dest.contacts.toArray(), settings.tolerance) : null;
            }
            AlertState alert = dest.alerts[2];
            if (alert != null) {
                alert.add(flow, t);
                if (newContact && dest.regularity != null) {
                    alert.score = dest.regularity.score();
                    alert.detail = beaconDetail(dest);
                }
                out = publishIfDue(out, alert, flow, t, live);
            } else if (newContact && dest.regularity != null
                    && dest.regularity.score() >= settings.beaconThreshold) {
                alert = open(dest, Detector.BEACONING, flow, t, dest.regularity.score(), true);
                alert.detail = beaconDetail(dest);
                out = publishIfDue(out, alert, flow, t, live);
            }
        }
        return out == null ? List.of() : out;
    }

    private static String beaconDetail(DestinationState dest) {
        Regularity r = dest.regularity;
        return String.format(Locale.ROOT, "%d of %d intervals within tolerance of the median %.1f s (CV %.2f) over "
                + "the last %d contacts", Math.round(r.score() * r.intervals()), r.intervals(), r.medianSeconds(),
                r.cv(), r.intervals() + 1);
    }

    private WorkloadBaseline baseline(String key, String namespace, long t) {
        WorkloadBaseline b = workloads.get(key);
        if (b == null || b.removed) {
            b = new WorkloadBaseline(key, t, settings.allowed(namespace, key));
            workloads.put(key, b);
        }
        return b;
    }

    private AlertState open(DestinationState dest, Detector detector, FlowSummary flow, long t, double score,
            boolean fromHistory) {
        long firstSeen = fromHistory ? dest.firstSeen : t;
        String id = ends.pod.podKey() + "/" + dest.ip + "/" + detector.name().toLowerCase(Locale.ROOT) + "/"
                + ID_TIME.format(HubbleTime.toInstant(firstSeen));
        AlertState alert = new AlertState(id, detector, dest.ip, firstSeen, protocol(flow),
                settings.evidenceFlowTimes);
        alert.score = score;
        if (fromHistory) {
            alert.copyCounts(dest);
        } else {
            alert.add(flow, t);
        }
        dest.alerts[detector.ordinal()] = alert;
        return alert;
    }

    private List<C2Alert> publishIfDue(List<C2Alert> out, AlertState alert, FlowSummary flow, long t, boolean live) {
        boolean due = alert.revision == 0
                || t - alert.publishedAtNanos >= settings.updateIntervalNanos
                || Math.abs(alert.score - alert.publishedScore) >= settings.scoreChange;
        if (!due) {
            return out;
        }
        alert.revision++;
        alert.publishedAtNanos = t;
        alert.publishedScore = alert.score;
        if (alert.detectedAt == null) {
            Instant known = ledger.detectedAt(alert.id);
            alert.detectedAt = known != null ? known : clock.instant();
        }
        if (!live || ledger.alreadyPublished(alert.id, alert.revision)) {
            return out;
        }
        C2Alert c2 = toAlert(alert, flow);
        ledger.seen(alert.id, alert.revision, alert.detectedAt);
        List<C2Alert> result = out == null ? new ArrayList<>(2) : out;
        result.add(c2);
        return result;
    }

    private C2Alert toAlert(AlertState a, FlowSummary flow) {
        List<Instant> times = new ArrayList<>(a.times.size());
        for (int i = 0; i < a.times.size(); i++) {
            times.add(HubbleTime.toInstant(a.times.get(i)));
        }
        String pod = ends.pod.podKey();
        String what = switch (a.detector) {
            case INDICATOR -> "contacted " + a.destination + ", which matches " + a.detail;
            case BASELINE -> "contacted " + a.destination + ", " + a.detail;
            case BEACONING -> "contacts " + a.destination + " at regular intervals: " + a.detail;
        };
        String reason = String.format(Locale.ROOT, "pod %s %s over %s (%d flows: %d forwarded, %d dropped, %d "
                + "replies)", pod, what, a.protocol, a.count, a.forwarded, a.dropped, a.replies);
        return new C2Alert(C2Alert.SCHEMA_VERSION, a.id, a.revision, a.detectedAt,
                FlowEnds.podRef(ends.pod, ends.podIp, flow.nodeName()), a.destination, a.protocol,
                attackTechnique(a.protocol), a.detector, round(a.score), HubbleTime.toInstant(a.firstSeen),
                HubbleTime.toInstant(a.lastSeen), a.count, new AlertEvidence(times, a.forwarded, a.dropped, a.replies),
                reason);
    }

    private static double round(double score) {
        return Math.round(score * 1000) / 1000.0;
    }

    /** L4 protocol as Hubble names it; a flow without L4 is plain IP. */
    static String protocol(FlowSummary flow) {
        return flow.l4Protocol().isEmpty() ? "IP" : flow.l4Protocol();
    }

    /**
     * MITRE ATT&amp;CK: T1071 Application Layer Protocol for C2 over TCP/UDP (what beacons over HTTP(S)/DNS use);
     * T1095 Non-Application Layer Protocol for ICMP and anything below the application layer.
     */
    static String attackTechnique(String protocol) {
        return protocol.equals("TCP") || protocol.equals("UDP") ? "T1071" : "T1095";
    }

    /** Forgets pods, destinations and workloads idle longer than their expiry (flow time). */
    private void sweep(long now) {
        long expiry = settings.expiryNanos;
        Iterator<PodState> it = pods.values().iterator();
        while (it.hasNext()) {
            PodState pod = it.next();
            if (pod.destinations != null) {
                Iterator<DestinationState> di = pod.destinations.values().iterator();
                while (di.hasNext()) {
                    DestinationState d = di.next();
                    if (now - d.lastFlow > expiry) {
                        d.closeAlerts(ledger);
                        di.remove();
                    }
                }
            }
            if (now - pod.lastSeen > expiry && (pod.destinations == null || pod.destinations.isEmpty())) {
                it.remove();
            }
        }
        Iterator<WorkloadBaseline> wi = workloads.values().iterator();
        while (wi.hasNext()) {
            WorkloadBaseline b = wi.next();
            if (now - b.lastSeen > settings.baselineExpiryNanos) {
                b.removed = true;
                wi.remove();
            }
        }
    }

    private void close(PodState pod) {
        if (pod.destinations != null) {
            pod.destinations.values().forEach(d -> d.closeAlerts(ledger));
        }
    }

    /** Pods tracked now. */
    public int pods() {
        return pods.size();
    }

    /** Open alerts now. */
    public int openAlerts() {
        int n = 0;
        for (PodState pod : pods.values()) {
            if (pod.destinations != null) {
                for (DestinationState d : pod.destinations.values()) {
                    for (AlertState a : d.alerts) {
                        n += a == null ? 0 : 1;
                    }
                }
            }
        }
        return n;
    }

    /** Pods and destinations forgotten because a bound was reached (not by expiry). */
    public long evicted() {
        long n = evicted;
        for (PodState pod : pods.values()) {
            n += pod.evictedDestinations;
        }
        return n;
    }

    /** The newest flow time evaluated on this partition, {@link HubbleTime#NONE} before the first. */
    public long newestFlowNanos() {
        return latestNanos;
    }

    public AlertLedger ledger() {
        return ledger;
    }

    /** One pod's destinations and the baseline of its workload. */
    private static final class PodState {
        final WorkloadBaseline baseline;
        long lastSeen = Long.MIN_VALUE;
        Map<String, DestinationState> destinations;
        long evictedDestinations;

        PodState(WorkloadBaseline baseline) {
            this.baseline = baseline;
        }

        DestinationState destination(String ip, DetectorSettings s) {
            if (destinations == null) {
                int max = s.maxDestinationsPerPod;
                destinations = new LinkedHashMap<>(4, 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<String, DestinationState> eldest) {
                        if (size() > max) {
                            evictedDestinations++;
                            return true;
                        }
                        return false;
                    }
                };
            }
            DestinationState d = destinations.get(ip);
            if (d == null) {
                d = new DestinationState(ip, s);
                destinations.put(ip, d);
            }
            return d;
        }
    }

    /** A workload's expected destinations: configured networks plus what it reached while learning. */
    private static final class WorkloadBaseline {
        final String key;
        final long start;
        final List<Cidr> allowed;
        final java.util.Set<String> learned = new java.util.HashSet<>();
        long lastSeen;
        boolean removed;

        WorkloadBaseline(String key, long start, List<Cidr> allowed) {
            this.key = key;
            this.start = start;
            this.lastSeen = start;
            this.allowed = allowed;
        }

        /** Whether the operator allow-listed the address for this workload (learned addresses are not). */
        boolean allowListed(String ip) {
            for (int i = 0; i < allowed.size(); i++) {
                if (allowed.get(i).contains(ip)) {
                    return true;
                }
            }
            return false;
        }

        boolean expected(String ip, long t, DetectorSettings s) {
            if (learned.contains(ip)) {
                return true;
            }
            if (t - start < s.learningWindowNanos) {
                if (learned.size() < s.maxLearned) {
                    learned.add(ip);
                }
                return true;
            }
            return false;
        }
    }

    /** Traffic from one pod to one remote address: counts, recent flow times, contacts, and its open alerts. */
    private static final class DestinationState {
        final String ip;
        final LongRing times;
        final LongRing contacts;
        final AlertState[] alerts = new AlertState[Detector.values().length];
        long firstSeen = Long.MIN_VALUE;
        long lastFlow = Long.MIN_VALUE;
        long count;
        long forwarded;
        long dropped;
        long replies;
        Regularity regularity;

        DestinationState(String ip, DetectorSettings s) {
            this.ip = ip;
            this.times = new LongRing(s.evidenceFlowTimes);
            this.contacts = new LongRing(s.maxContacts);
        }

        /** Counts the flow; true when it starts a new contact (the first flow after a silence of contact-gap). */
        boolean record(FlowSummary flow, long t, DetectorSettings s) {
            count++;
            if (flow.reply()) {
                replies++;
            } else if ("DROPPED".equals(flow.verdict())) {
                dropped++;
            } else {
                forwarded++;
            }
            times.add(t);
            if (firstSeen == Long.MIN_VALUE) {
                firstSeen = t;
            }
            boolean newContact = lastFlow == Long.MIN_VALUE || t - lastFlow >= s.contactGapNanos;
            if (newContact) {
                contacts.add(t);
            }
            if (t > lastFlow) {
                lastFlow = t;
            }
            return newContact;
        }

        void closeAlerts(AlertLedger ledger) {
            for (AlertState a : alerts) {
                if (a != null) {
                    ledger.forget(a.id);
                }
            }
        }
    }

    /** One open alert: what has been published of it and what it has seen since. */
    private static final class AlertState {
        final String id;
        final Detector detector;
        final String destination;
        final long firstSeen;
        final String protocol;
        final LongRing times;
        long lastSeen = Long.MIN_VALUE;
        long count;
        long forwarded;
        long dropped;
        long replies;
        double score;
        String detail;
        int revision;
        long publishedAtNanos;
        double publishedScore;
        Instant detectedAt;

        AlertState(String id, Detector detector, String destination, long firstSeen, String protocol, int evidence) {
            this.id = id;
            this.detector = detector;
            this.destination = destination;
            this.firstSeen = firstSeen;
            this.protocol = protocol;
            this.times = new LongRing(evidence);
        }

        void add(FlowSummary flow, long t) {
            count++;
            if (flow.reply()) {
                replies++;
            } else if ("DROPPED".equals(flow.verdict())) {
                dropped++;
            } else {
                forwarded++;
            }
            times.add(t);
            lastSeen = Math.max(lastSeen, t);
        }

        void copyCounts(DestinationState d) {
            count = d.count;
            forwarded = d.forwarded;
            dropped = d.dropped;
            replies = d.replies;
            times.copyFrom(d.times);
            lastSeen = d.lastFlow;
        }
    }
}
