package io.c2intents.observer.detector;

import io.c2intents.events.C2Alert;
import io.c2intents.events.Contracts;
import io.c2intents.events.Topics;
import io.c2intents.testsupport.TestKafka;
import io.c2intents.testsupport.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What the detector's Kafka tests share: a namespace of their own on the shared broker, flows sent keyed as the
 * observer keys them, the alerts of that namespace read back from {@code c2-alerts}, and sentinel pods (one per
 * partition) whose alert proves that everything sent before them on that partition was evaluated.
 */
final class DetectorKafka {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    final String namespace;

    DetectorKafka(String purpose) {
        namespace = purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    FlowJson pod(String name) {
        return FlowJson.from(namespace, name);
    }

    void send(FlowJson flow, Instant time) {
        TestKafka.send(Topics.HUBBLE_FLOWS, flow.key(), flow.json(time));
    }

    /** Pod names of this namespace, one landing on each partition of the pod-keyed topics. */
    List<String> podsOnEachPartition(String prefix) {
        List<String> pods = new ArrayList<>();
        for (int p = 0; p < Topics.DEFAULT_PARTITIONS; p++) {
            for (int i = 0; ; i++) {
                String pod = prefix + "-" + i;
                if (partition(namespace + "/" + pod) == p) {
                    pods.add(pod);
                    break;
                }
            }
        }
        return pods;
    }

    static int partition(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % Topics.DEFAULT_PARTITIONS;
    }

    /** Sends a C2 contact from a sentinel pod on every partition and waits for their alerts. */
    void awaitEvaluated(TopicReader alerts, Instant time) {
        List<String> sentinels = podsOnEachPartition("sentinel-" + UUID.randomUUID().toString().substring(0, 4));
        for (String sentinel : sentinels) {
            send(pod(sentinel).to("1.1.1.1"), time);
        }
        alerts.await(r -> sentinels.stream().anyMatch(s -> r.key().equals(namespace + "/" + s)), sentinels.size(),
                TIMEOUT);
    }

    /** The alerts of this namespace read so far, sentinels left out. */
    List<C2Alert> alerts(TopicReader reader) {
        List<C2Alert> result = new ArrayList<>();
        for (ConsumerRecord<String, String> r : reader.records(r -> r.key() != null
                && r.key().startsWith(namespace + "/") && !r.key().startsWith(namespace + "/sentinel-"))) {
            C2Alert alert = Contracts.C2_ALERT.read(r.value());
            if (!alert.key().equals(r.key())) {
                throw new AssertionError("alert " + alert.id() + " published under key " + r.key());
            }
            result.add(alert);
        }
        return result;
    }
}
