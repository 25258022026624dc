package io.c2intents.mitigation.intent;

import io.c2intents.events.AlertEvidence;
import io.c2intents.events.C2Alert;
import io.c2intents.events.Contracts;
import io.c2intents.events.Detector;
import io.c2intents.events.IntentMode;
import io.c2intents.events.MitigationEvent;
import io.c2intents.events.MitigationStatus;
import io.c2intents.events.PodKey;
import io.c2intents.events.PodRef;
import io.c2intents.events.SecurityIntent;
import io.c2intents.events.Topics;
import io.c2intents.events.WorkloadRef;
import io.c2intents.testsupport.TestKafka;
import io.c2intents.testsupport.TopicReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What the intents' tests send and read: alerts as the detector publishes them, Hubble flow lines as the observer
 * publishes them (the shape of {@code ../shared/data/hubble-flows}), intents as the orchestrator declares them, and
 * the mitigation events of one pod, in topic order.
 */
public final class IntentFixtures implements AutoCloseable {

    public static final Duration TIMEOUT = Duration.ofSeconds(45);
    public static final String C2 = "1.1.1.1";

    /**
     * Flow time for the tests, moving forward only: the service's flow clock is per partition and shared by every
     * test of the JVM, so no test may send flows older than another's.
     */
    private static final AtomicReference<Instant> FLOW_TIME = new AtomicReference<>(Instant.now());

    private final TopicReader events = TestKafka.read(Topics.MITIGATION_EVENTS);

    /** A flow time {@code step} after the newest one handed out. */
    public static Instant nextFlowTime(Duration step) {
        return FLOW_TIME.updateAndGet(t -> {
            Instant now = Instant.now();
            return (now.isAfter(t) ? now : t).plus(step);
        });
    }

    public static C2Alert alert(String namespace, String pod, String ip, int revision, Instant lastSeen) {
        return new C2Alert(C2Alert.SCHEMA_VERSION, namespace + "/" + pod + "/" + C2 + "/indicator", revision,
                Instant.now(), new PodRef(namespace, pod, Map.of("app", "target"), "lab-worker-1", ip,
                        new WorkloadRef("Deployment", "target")),
                C2, "ICMPv4", "T1095", Detector.INDICATOR, 0.95, lastSeen.minusSeconds(4), lastSeen, 10L * revision,
                new AlertEvidence(List.of(lastSeen), 5, 0, 5), "pod " + namespace + "/" + pod
                        + " sent ICMPv4 echo requests to " + C2 + ", a listed C2 indicator");
    }

    public static void send(C2Alert alert) {
        TestKafka.send(Topics.C2_ALERTS, alert.key(), Contracts.C2_ALERT.write(alert));
    }

    /** An ICMPv4 echo request from the pod, as Hubble prints it (a DROPPED one with its drop reason). */
    public static String flowLine(String namespace, String pod, String podIp, String destination, String verdict,
            Instant time) {
        String dropped = verdict.equals("DROPPED") ? ",\"drop_reason\":181,\"drop_reason_desc\":\"POLICY_DENY\"" : "";
        return "{\"flow\":{\"time\":\"" + time + "\",\"verdict\":\"" + verdict + "\"" + dropped
                + ",\"IP\":{\"source\":\"" + podIp + "\",\"destination\":\"" + destination
                + "\",\"ipVersion\":\"IPv4\"},\"l4\":{\"ICMPv4\":{\"type\":8}},\"source\":{\"identity\":4242,"
                + "\"namespace\":\"" + namespace + "\",\"labels\":[\"k8s:app=target\"],\"pod_name\":\"" + pod
                + "\"},\"destination\":{\"identity\":2,\"labels\":[\"reserved:world\"]},\"Type\":\"L3_L4\","
                + "\"node_name\":\"lab-worker-1\",\"event_type\":{\"type\":1,\"sub_type\":133},"
                + "\"traffic_direction\":\"EGRESS\",\"is_reply\":false,\"Summary\":\"ICMPv4 EchoRequest\"},"
                + "\"node_name\":\"lab-worker-1\",\"time\":\"" + time + "\"}";
    }

    public static void sendFlow(String namespace, String pod, String podIp, String destination, String verdict,
            Instant time) {
        TestKafka.send(Topics.HUBBLE_FLOWS, PodKey.of(namespace, pod),
                flowLine(namespace, pod, podIp, destination, verdict, time));
    }

    /** An intent scoped to one namespace. */
    public static SecurityIntent intent(String name, String namespace, IntentMode mode, List<String> techniques,
            int ratePerMinute) {
        return new SecurityIntent(SecurityIntent.SCHEMA_VERSION, name, "test intent", new SecurityIntent.Trigger(
                List.of(), 0.5, List.of("T1095")), new SecurityIntent.Scope(List.of(namespace), Map.of(), List.of()),
                "contain-and-eradicate", techniques, mode, Duration.ofMinutes(2), null, ratePerMinute, Map.of());
    }

    public static void declare(SecurityIntent intent) {
        TestKafka.send(Topics.SECURITY_INTENTS, intent.name(), Contracts.SECURITY_INTENT.write(intent));
    }

    /** The pod's mitigation events so far, in topic order. */
    public List<MitigationEvent> eventsOf(String podKey) {
        return events.records(r -> podKey.equals(r.key()) && r.value() != null).stream()
                .map(ConsumerRecord::value).map(Contracts.MITIGATION_EVENT::read).toList();
    }

    /** Every mitigation event whose key passes. */
    public List<MitigationEvent> events(java.util.function.Predicate<String> keys) {
        return events.records(r -> r.key() != null && keys.test(r.key()) && r.value() != null).stream()
                .map(ConsumerRecord::value).map(Contracts.MITIGATION_EVENT::read).toList();
    }

    /** Waits until the pod has an event with this status and action, and returns it. */
    public MitigationEvent await(String podKey, MitigationStatus status, String action) {
        org.awaitility.Awaitility.await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> find(podKey, status, action) != null);
        return find(podKey, status, action);
    }

    public MitigationEvent find(String podKey, MitigationStatus status, String action) {
        return eventsOf(podKey).stream().filter(e -> e.status() == status
                && (action == null || action.equals(e.action()))).findFirst().orElse(null);
    }

    /** {@code STATUS action} of each event of the pod, e.g. {@code APPLIED cilium:quarantine}. */
    public List<String> steps(String podKey) {
        return eventsOf(podKey).stream().map(e -> e.status() + " " + e.action()).collect(Collectors.toList());
    }

    public TopicReader reader() {
        return events;
    }

    @Override
    public void close() {
        events.close();
    }
}
