package io.c2intents.observer.detector;

import io.c2intents.events.C2Alert;
import io.c2intents.events.Contracts;
import io.c2intents.events.Detector;
import io.c2intents.hubble.json.FlowSummary;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The three detectors on one partition's state, fed with Hubble JSON flows, without Kafka. */
class PartitionDetectorTest {

    private static final Instant T0 = Instant.parse("2026-03-14T09:00:00Z");

    private final List<C2Alert> published = new ArrayList<>();

    private static PartitionDetector detector(DetectorSettings settings) {
        return new PartitionDetector(settings, new AlertLedger(1000), Clock.systemUTC());
    }

    private void feed(PartitionDetector detector, FlowJson flow, Instant time) {
        FlowSummary summary = flow.summary(time);
        for (C2Alert alert : detector.evaluate(summary, true)) {
            Contracts.C2_ALERT.write(alert); // every alert satisfies the contract
            published.add(alert);
        }
    }

    /** {@code ping -c5}: five requests a second apart, each answered ten milliseconds later. */
    private void ping5(PartitionDetector detector, FlowJson flow, Instant start) {
        for (int i = 0; i < 5; i++) {
            Instant t = start.plusSeconds(i);
            feed(detector, flow.request(), t);
            feed(detector, flow.reply(), t.plusMillis(10));
        }
        flow.request();
    }

    private List<C2Alert> alerts(Detector detector) {
        return published.stream().filter(a -> a.detector() == detector).toList();
    }

    @Test
    void indicatorRaisesOneAlertCountingRequestsRepliesAndDropsThenUpdatesAtMostOncePerInterval() {
        PartitionDetector detector = detector(DetectorSettings.builder().beaconing(false).build());
        FlowJson target = FlowJson.from("c2-lab", "target-7c9d8f6b5-x2k4q").to("1.1.1.1");

        ping5(detector, target, T0);

        List<C2Alert> first = alerts(Detector.INDICATOR);
        assertThat(first).hasSize(1);
        C2Alert alert = first.get(0);
        assertThat(alert.id()).isEqualTo("c2-lab/target-7c9d8f6b5-x2k4q/1.1.1.1/indicator/20260314T090000Z");
        assertThat(alert.revision()).isEqualTo(1);
        assertThat(alert.key()).isEqualTo("c2-lab/target-7c9d8f6b5-x2k4q");
        assertThat(alert.protocol()).isEqualTo("ICMPv4");
        assertThat(alert.attackTechnique()).isEqualTo("T1095");
        assertThat(alert.score()).isEqualTo(0.95);
        assertThat(alert.pod().ip()).isEqualTo("10.244.1.37");
        assertThat(alert.pod().node()).isEqualTo("lab-worker-1");
        assertThat(alert.pod().labels()).containsEntry("app", "target").doesNotContainKey("io.cilium.k8s.policy.cluster");
        assertThat(alert.pod().owner().name()).isEqualTo("target");
        assertThat(alert.reason()).contains("1.1.1.1").contains("configured indicator");

        // a minute later (flow time) the same contact is one update, not ten
        ping5(detector, target.dropped(), T0.plusSeconds(60));
        List<C2Alert> all = alerts(Detector.INDICATOR);
        assertThat(all).hasSize(2);
        C2Alert update = all.get(1);
        assertThat(update.id()).isEqualTo(alert.id());
        assertThat(update.revision()).isEqualTo(2);
        assertThat(update.count()).isEqualTo(11);
        assertThat(update.evidence().dropped()).isEqualTo(1);
        assertThat(update.evidence().replies()).isEqualTo(5);
        assertThat(update.evidence().forwarded()).isEqualTo(5);
        assertThat(update.detectedAt()).isEqualTo(alert.detectedAt());
        assertThat(update.firstSeen()).isEqualTo(T0);
        assertThat(update.lastSeen()).isEqualTo(T0.plusSeconds(60));

        // the rest of the dropped burst: no further revision within the update interval
        ping5(detector, target.dropped(), T0.plusSeconds(61));
        assertThat(alerts(Detector.INDICATOR)).hasSize(2);
    }

    @Test
    void droppedAttemptsAndRepliesAloneStillRaiseTheIndicatorAlertAndEvidenceIsBounded() {
        PartitionDetector detector = detector(DetectorSettings.builder().evidenceFlowTimes(3).build());
        FlowJson quarantined = FlowJson.from("c2-lab", "target-a").to("1.1.1.1").dropped();
        for (int i = 0; i < 10; i++) {
            feed(detector, quarantined, T0.plusSeconds(61L * i));
        }
        List<C2Alert> all = alerts(Detector.INDICATOR);
        C2Alert last = all.get(all.size() - 1);
        assertThat(last.evidence().dropped()).isEqualTo(10);
        assertThat(last.evidence().forwarded()).isZero();
        assertThat(last.evidence().flowTimes()).hasSize(3).last().isEqualTo(T0.plusSeconds(61L * 9));

        FlowJson replyOnly = FlowJson.from("c2-lab", "target-b").to("1.1.1.1").reply();
        feed(detector, replyOnly, T0);
        assertThat(alerts(Detector.INDICATOR)).anySatisfy(a -> {
            assertThat(a.pod().name()).isEqualTo("target-b");
            assertThat(a.evidence().replies()).isEqualTo(1);
        });
    }

    @Test
    void indicatorsMatchCidrsAndHonourStixValidityAgainstFlowTime() {
        Indicator expired = new Indicator(Cidr.parse("198.51.100.7"), "stix:feed.json#indicator--1", "old C2",
                Long.MIN_VALUE, io.c2intents.hubble.json.HubbleTime.toNanos(T0));
        IndicatorSet set = new IndicatorSet(List.of(Indicator.configured(Cidr.parse("203.0.113.0/24")), expired));
        PartitionDetector detector = detector(DetectorSettings.builder().indicators(set).build());

        feed(detector, FlowJson.from("ns-a", "pod-a").to("203.0.113.200"), T0);
        feed(detector, FlowJson.from("ns-a", "pod-b").to("198.51.100.7"), T0.minusSeconds(1));
        feed(detector, FlowJson.from("ns-a", "pod-c").to("198.51.100.7"), T0);

        assertThat(alerts(Detector.INDICATOR)).extracting(a -> a.pod().name() + "->" + a.destination())
                .containsExactly("pod-a->203.0.113.200", "pod-b->198.51.100.7");
        assertThat(alerts(Detector.INDICATOR).get(1).reason()).contains("old C2").contains("indicator--1");
    }

    @Test
    void flowsWithoutAPodEndOrBetweenPodsRaiseNothing() {
        PartitionDetector detector = detector(DetectorSettings.builder().build());
        // both ends are pods: the C2 address is a pod's IP in this cluster, which is not egress
        String podToPod = FlowJson.from("ns-a", "client").to("1.1.1.1").json(T0)
                .replace("\"identity\":2,\"labels\":[\"reserved:world\"]",
                        "\"identity\":4242,\"namespace\":\"ns-b\",\"labels\":[\"k8s:app=server\"],\"pod_name\":\"server\"");
        assertThat(detector.evaluate(io.c2intents.hubble.json.FlowLines.read(podToPod).flow(), true)).isEmpty();
        // neither end is a pod (node to 1.1.1.1): keyed by an IP, ignored for alerting
        String hostFlow = FlowJson.from("ns-a", "client").to("1.1.1.1").json(T0)
                .replace("\"namespace\":\"ns-a\",", "").replace("\"pod_name\":\"client\",", "");
        assertThat(io.c2intents.hubble.json.FlowLines.read(hostFlow).flow().podKey()).isEqualTo("10.244.1.37");
        assertThat(detector.evaluate(io.c2intents.hubble.json.FlowLines.read(hostFlow).flow(), true)).isEmpty();
    }

    @Test
    void tcpToAnIndicatorIsApplicationLayerProtocolC2() {
        PartitionDetector detector = detector(DetectorSettings.builder().build());
        feed(detector, FlowJson.from("ns-a", "web-1").to("1.1.1.1").tcp(), T0);
        assertThat(alerts(Detector.INDICATOR)).singleElement().satisfies(a -> {
            assertThat(a.protocol()).isEqualTo("TCP");
            assertThat(a.attackTechnique()).isEqualTo("T1071");
        });
    }

    @Test
    void baselineLearnsDuringItsWindowAndFlagsANewWorldDestinationAfterIt() {
        PartitionDetector detector = detector(DetectorSettings.builder().indicators(IndicatorSet.of())
                .beaconing(false).baseline(true, Duration.ofMinutes(5)).build());
        FlowJson benign1 = FlowJson.from("shop", "web-1").workload("web");
        FlowJson benign2 = FlowJson.from("shop", "web-2").workload("web");

        feed(detector, benign1.to("8.8.8.8"), T0);
        feed(detector, benign1.to("9.9.9.9"), T0.plusSeconds(240));
        // another pod of the same workload, inside the window that started with the workload's first flow
        feed(detector, benign2.to("4.4.4.4"), T0.plusSeconds(299));
        assertThat(published).as("nothing during learning").isEmpty();

        feed(detector, benign2.to("9.9.9.9"), T0.plusSeconds(400));
        feed(detector, benign1.to("4.4.4.4"), T0.plusSeconds(400));
        feed(detector, benign1.toHost("172.18.0.2"), T0.plusSeconds(400));
        feed(detector, FlowJson.from("shop", "web-1").workload("web").to("5.6.7.8").inbound(), T0.plusSeconds(400));
        assertThat(published).as("learned, host and inbound destinations").isEmpty();

        feed(detector, benign2.to("5.6.7.8"), T0.plusSeconds(401));
        assertThat(alerts(Detector.BASELINE)).singleElement().satisfies(a -> {
            assertThat(a.pod().name()).isEqualTo("web-2");
            assertThat(a.destination()).isEqualTo("5.6.7.8");
            assertThat(a.score()).isEqualTo(0.6);
            assertThat(a.reason()).contains("shop/web").contains("3 destinations learned");
        });
    }

    @Test
    void baselineAllowListsPerWorkloadNamespaceAndEverywhere() {
        PartitionDetector detector = detector(DetectorSettings.builder().indicators(IndicatorSet.of())
                .beaconing(false).baseline(true, Duration.ZERO)
                .allow("c2-lab/benign", "8.8.8.8").allow("c2-lab/*", "9.9.9.0/24").allow("*", "4.4.4.4").build());
        feed(detector, FlowJson.from("c2-lab", "benign-1").workload("benign").to("8.8.8.8"), T0);
        feed(detector, FlowJson.from("c2-lab", "target-1").workload("target").to("9.9.9.9"), T0);
        feed(detector, FlowJson.from("other", "x-1").workload("x").to("4.4.4.4"), T0);
        assertThat(published).isEmpty();
        feed(detector, FlowJson.from("c2-lab", "target-1").workload("target").to("8.8.8.8"), T0);
        feed(detector, FlowJson.from("other", "x-1").workload("x").to("9.9.9.9"), T0);
        assertThat(alerts(Detector.BASELINE)).extracting(a -> a.pod().name() + "->" + a.destination())
                .containsExactly("target-1->8.8.8.8", "x-1->9.9.9.9");
    }

    @Test
    void beaconEverySixtySecondsWithTenPercentJitterIsFlaggedAfterFiveContacts() {
        PartitionDetector detector = detector(DetectorSettings.builder().indicators(IndicatorSet.of())
                .baseline(false, Duration.ZERO).build());
        FlowJson beacon = FlowJson.from("c2-lab", "target-1").to("203.0.113.9");
        Random random = new Random(7);
        Instant contact = T0;
        List<Instant> contacts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            contacts.add(contact);
            ping5(detector, beacon, contact);
            if (i == 3) {
                assertThat(alerts(Detector.BEACONING)).as("four contacts are not enough").isEmpty();
            }
            contact = contact.plusMillis(54_000 + random.nextInt(12_001));
        }
        List<C2Alert> beacons = alerts(Detector.BEACONING);
        assertThat(beacons).isNotEmpty();
        C2Alert first = beacons.get(0);
        assertThat(first.revision()).isEqualTo(1);
        assertThat(first.lastSeen()).isEqualTo(contacts.get(4));
        assertThat(first.firstSeen()).isEqualTo(contacts.get(0));
        assertThat(first.count()).isEqualTo(41); // four whole ping -c5 and the first request of the fifth
        assertThat(first.score()).isGreaterThanOrEqualTo(0.8);
        assertThat(first.reason()).contains("median");
        assertThat(beacons).extracting(C2Alert::id).containsOnly(first.id());
        assertThat(beacons).extracting(C2Alert::revision).containsExactly(
                java.util.stream.IntStream.rangeClosed(1, beacons.size()).boxed().toArray(Integer[]::new));
    }

    /**
     * The reference lab's benign pods: {@code ping -c 1 8.8.8.8; sleep 30} forever, a contact every 30 s, as regular
     * as any beacon. 8.8.8.8 is on the operator allow-list for {@code c2-lab/*} (as in application.properties), so
     * neither the baseline nor beaconing alerts on it; the same series to a destination that was only learned
     * (not allow-listed) is still a beacon, and an allow-listed address that is also an indicator still alerts.
     */
    @Test
    void allowListedDestinationsAreExemptFromBaselineAndBeaconingButNotFromIndicators() {
        PartitionDetector detector = detector(DetectorSettings.builder()
                .indicators(new IndicatorSet(List.of(Indicator.configured(Cidr.parse("1.1.1.1")))))
                .baseline(true, Duration.ofMinutes(5)).allow("c2-lab/*", "8.8.8.8", "1.1.1.1").build());
        FlowJson allowed = FlowJson.from("c2-lab", "benign-6d4f9-abcde").workload("benign").to("8.8.8.8");
        FlowJson learned = FlowJson.from("c2-lab", "benign-6d4f9-fghij").workload("benign").to("8.8.4.4");
        for (int i = 0; i < 40; i++) { // 20 minutes: well past the learning window and min-contacts
            Instant t = T0.plusSeconds(30L * i).plusMillis(i % 3 * 40);
            feed(detector, allowed.request(), t);
            feed(detector, allowed.reply(), t.plusMillis(9));
            feed(detector, learned.request(), t);
            feed(detector, learned.reply(), t.plusMillis(9));
        }
        assertThat(published).as("nothing on the allow-listed 8.8.8.8").noneMatch(a -> a.destination().equals("8.8.8.8"));
        assertThat(alerts(Detector.BASELINE)).as("8.8.4.4 was learned in the window").isEmpty();
        assertThat(alerts(Detector.BEACONING)).isNotEmpty().allSatisfy(a -> {
            assertThat(a.destination()).isEqualTo("8.8.4.4");
            assertThat(a.pod().name()).isEqualTo("benign-6d4f9-fghij");
        });

        FlowJson indicator = FlowJson.from("c2-lab", "benign-6d4f9-klmno").workload("benign").to("1.1.1.1");
        feed(detector, indicator.request(), T0.plusSeconds(1300));
        assertThat(alerts(Detector.INDICATOR)).singleElement()
                .satisfies(a -> assertThat(a.destination()).isEqualTo("1.1.1.1"));
    }

    @Test
    void randomIntervalsRandomMinutesAndContinuousPingsAreNotBeacons() {
        PartitionDetector detector = detector(DetectorSettings.builder().indicators(IndicatorSet.of())
                .baseline(false, Duration.ZERO).build());
        Random random = new Random(42);
        // random intervals between 15 s and 10 min
        FlowJson randomPod = FlowJson.from("ns-r", "random-1").to("203.0.113.10");
        Instant t = T0;
        for (int i = 0; i < 20; i++) {
            ping5(detector, randomPod, t);
            t = t.plusSeconds(15 + random.nextInt(585));
        }
        // cron-like ping -c5 to a benign address on random minutes (1 to 15 minutes apart)
        FlowJson cronPod = FlowJson.from("ns-r", "cron-1").to("8.8.4.4");
        t = T0;
        for (int i = 0; i < 20; i++) {
            ping5(detector, cronPod, t);
            t = t.plusSeconds(60L * (1 + random.nextInt(15)));
        }
        // the experiment's healthy pods: ping -c1 then sleep 5, forever: one long contact
        FlowJson healthy = FlowJson.from("c2-lab", "benign-1").to("8.8.8.8");
        for (int i = 0; i < 500; i++) {
            feed(detector, healthy.request(), T0.plusSeconds(5L * i));
            feed(detector, healthy.reply(), T0.plusSeconds(5L * i).plusMillis(9));
        }
        assertThat(alerts(Detector.BEACONING)).isEmpty();
    }

    @Test
    void regularityToleratesOneMissedBeacon() {
        long s = 1_000_000_000L;
        Regularity missed = Regularity.of(new long[]{0, 60 * s, 120 * s, 240 * s, 300 * s, 360 * s}, 0.15);
        assertThat(missed.score()).isEqualTo(0.8);
        assertThat(missed.medianSeconds()).isEqualTo(60);
        Regularity jitter = Regularity.of(new long[]{0, 56 * s, 119 * s, 177 * s, 239 * s, 296 * s}, 0.15);
        assertThat(jitter.score()).isEqualTo(1.0);
        Regularity random = Regularity.of(new long[]{0, 20 * s, 200 * s, 230 * s, 500 * s}, 0.15);
        assertThat(random.score()).isLessThan(0.8);
    }

    /**
     * A run that publishes everything, then a restarted one that replays the flows before the committed offset
     * silently and knows (from c2-alerts) what was published after it: together they publish every alert revision
     * exactly once.
     */
    @Test
    void replayAfterARestartRepublishesNothingAndLosesNothing() {
        DetectorSettings settings = DetectorSettings.builder().build();
        List<FlowSummary> flows = new ArrayList<>();
        FlowJson c2 = FlowJson.from("c2-lab", "target-1").to("1.1.1.1");
        FlowJson benign = FlowJson.from("c2-lab", "benign-1").workload("benign").to("8.8.8.8");
        for (int i = 0; i < 30; i++) {
            Instant contact = T0.plusSeconds(60L * i + (i % 3));
            for (int k = 0; k < 5; k++) {
                flows.add(c2.request().summary(contact.plusSeconds(k)));
                flows.add(c2.reply().summary(contact.plusSeconds(k).plusMillis(10)));
            }
            flows.add(benign.summary(contact));
            if (i > 6) {
                flows.add(FlowJson.from("c2-lab", "benign-1").workload("benign").to("5.5.5." + i).summary(contact));
            }
        }
        PartitionDetector first = new PartitionDetector(settings, new AlertLedger(1000), Clock.systemUTC());
        List<C2Alert> everything = new ArrayList<>();
        List<Integer> producedAt = new ArrayList<>();
        for (int i = 0; i < flows.size(); i++) {
            for (C2Alert a : first.evaluate(flows.get(i), true)) {
                everything.add(a);
                producedAt.add(i);
            }
        }
        assertThat(everything).extracting(C2Alert::detector).contains(Detector.INDICATOR, Detector.BASELINE,
                Detector.BEACONING);

        int committed = flows.size() / 2;      // the offset the group had committed when the first run died
        int publishedUpTo = committed + 40;    // it had published the alerts of some flows after that offset
        AlertLedger ledger = new AlertLedger(1000);
        List<C2Alert> before = new ArrayList<>();
        List<C2Alert> after = new ArrayList<>();
        for (int i = 0; i < everything.size(); i++) {
            C2Alert a = everything.get(i);
            if (producedAt.get(i) < publishedUpTo) {
                ledger.seen(a.id(), a.revision(), a.detectedAt());
                before.add(a);
            } else {
                after.add(a);
            }
        }
        PartitionDetector restarted = new PartitionDetector(settings, ledger, Clock.systemUTC());
        List<C2Alert> republished = new ArrayList<>();
        for (int i = 0; i < flows.size(); i++) {
            republished.addAll(restarted.evaluate(flows.get(i), i >= committed));
        }
        assertThat(republished).extracting(a -> a.id() + "#" + a.revision())
                .containsExactlyElementsOf(after.stream().map(a -> a.id() + "#" + a.revision()).toList());
        Set<String> seen = new HashSet<>();
        for (C2Alert a : before) {
            seen.add(a.id());
        }
        for (C2Alert a : republished) {
            if (seen.contains(a.id())) {
                C2Alert original = before.stream().filter(b -> b.id().equals(a.id())).findFirst().orElseThrow();
                assertThat(a.detectedAt()).as("detectedAt of %s kept", a.id()).isEqualTo(original.detectedAt());
            }
        }
        assertThat(ledger.suppressed()).isPositive();
    }

    @Test
    void stateIsBoundedAndExpiresOnFlowTime() {
        PartitionDetector detector = detector(DetectorSettings.builder().maxPods(10).maxDestinationsPerPod(3)
                .expiry(Duration.ofMinutes(10)).baseline(false, Duration.ZERO).build());
        for (int i = 0; i < 50; i++) {
            feed(detector, FlowJson.from("ns-b", "pod-" + i).to("1.1.1.1"), T0.plusMillis(i));
        }
        assertThat(detector.pods()).isEqualTo(10);
        for (int i = 0; i < 10; i++) {
            feed(detector, FlowJson.from("ns-b", "many").to("1.1.1." + (i + 2)), T0);
        }
        assertThat(detector.evicted()).isGreaterThanOrEqualTo(40 + 7);

        FlowJson pod = FlowJson.from("ns-b", "late").to("1.1.1.1");
        feed(detector, pod, T0.plusSeconds(1));
        C2Alert before = published.get(published.size() - 1);
        // an hour of silence: the alert closed with its state; the next contact opens a new one
        feed(detector, FlowJson.from("ns-b", "other").to("8.8.8.8"), T0.plusSeconds(3600));
        feed(detector, pod, T0.plusSeconds(3601));
        C2Alert after = published.get(published.size() - 1);
        assertThat(after.pod().name()).isEqualTo("late");
        assertThat(after.id()).isNotEqualTo(before.id());
        assertThat(after.revision()).isEqualTo(1);
        assertThat(detector.pods()).isLessThanOrEqualTo(3);
    }
}
