package io.c2intents.mitigation.intent;

import static io.c2intents.mitigation.intent.IntentFixtures.C2;
import static io.c2intents.mitigation.intent.IntentFixtures.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.c2intents.events.MitigationEvent;
import io.c2intents.events.MitigationStatus;
import io.c2intents.events.PodKey;
import io.c2intents.events.Topics;
import io.c2intents.hubble.flow.DropReason;
import io.c2intents.hubble.flow.Flow;
import io.c2intents.hubble.flow.Verdict;
import io.c2intents.hubble.json.FlowKeys;
import io.c2intents.hubble.json.HubbleJson;
import io.c2intents.hubble.observer.GetFlowsRequest;
import io.c2intents.hubble.observer.GetFlowsResponse;
import io.c2intents.hubble.observer.ObserverGrpc;
import io.c2intents.mitigation.lab.LabWorkloads;
import io.c2intents.testsupport.KafkaTestResource;
import io.c2intents.testsupport.TestKafka;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The shipped intent end to end on the lab's own datapath, with a stepped lab clock: the lab's pods ping, its crond
 * runs the infected crontab, its datapath judges every packet against the stored CiliumNetworkPolicies, and its
 * Hubble Relay serves the flows. A bridge in this test stands in for the observer service: it follows the relay's
 * GetFlows and publishes each flow onto {@code hubble-flows} in Hubble's JSON, keyed by its pod end, as the observer
 * does. The test produces the alert itself (the detector's job), then only moves the clock.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(SteppedLabResource.class)
class IntentsDatapathLabTest {

    @Inject
    KubernetesClient client;
    @Inject
    IntentCatalogue catalogue;
    private ManagedChannel channel;
    private final List<Flow> bridged = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopBridge() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void quarantineDropsTheC2EvictionSilencesItVerificationLiftsTheQuarantine() {
        await().atMost(TIMEOUT).until(() -> catalogue.find(IntentStartup.DEFAULT_INTENT).isPresent());
        bridge();
        LabWorkloads workloads = new LabWorkloads(client);
        String ns = workloads.namespace("datapath");
        Pod pod = workloads.deployment(ns, "target", 1).get(0);
        String name = pod.getMetadata().getName();
        String key = PodKey.of(ns, name);
        workloads.infect(ns, name);

        // the next minute: crond runs the C2 entry (ping -c5, one a second); the pings are FORWARDED
        SteppedLabResource.advanceToNextMinute(1);
        await().atMost(TIMEOUT).until(() -> !flows(name, C2, Verdict.FORWARDED, Instant.EPOCH).isEmpty());
        Instant seen = SteppedLabResource.now();

        try (IntentFixtures fixtures = new IntentFixtures()) {
            IntentFixtures.send(IntentFixtures.alert(ns, name, pod.getStatus().getPodIP(), 1, seen));
            fixtures.await(key, MitigationStatus.APPLIED, "cilium:quarantine");
            MitigationEvent evicted = fixtures.await(key, MitigationStatus.APPLIED, "pod:evict-file");
            assertThat(evicted.reason()).contains("removed 1 crontab entry reaching " + C2);
            Instant quarantined = SteppedLabResource.now();

            // the job already running goes on: its remaining pings are DROPPED by the quarantine
            SteppedLabResource.advance(Duration.ofSeconds(6));
            await().atMost(TIMEOUT).until(() -> !flows(name, C2, Verdict.DROPPED, quarantined).isEmpty());
            assertThat(flows(name, C2, Verdict.DROPPED, quarantined)).allSatisfy(f ->
                    assertThat(f.getDropReasonDesc()).isEqualTo(DropReason.POLICY_DENY));

            // two cron periods and more of flow time: no C2 attempt, the eradication is verified, the quarantine lifted
            Instant evictedAt = SteppedLabResource.now();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).until(() -> {
                if (fixtures.find(key, MitigationStatus.REVERTED, "cilium:quarantine") != null) {
                    return true;
                }
                SteppedLabResource.advance(Duration.ofSeconds(5));
                return false;
            });
            assertThat(flows(name, C2, null, evictedAt)).as("no C2 ping after the eviction").isEmpty();
            assertThat(fixtures.steps(key)).containsExactly("PLANNED cilium:quarantine",
                    "APPLIED cilium:quarantine", "APPLIED pod:evict-file", "VERIFIED pod:evict-file",
                    "REVERTED cilium:quarantine");

            // the healthy pings to 8.8.8.8 are FORWARDED again (once the datapath has seen the label and policy go)
            Instant lifted = SteppedLabResource.now();
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(300)).until(() -> {
                if (!flows(name, "8.8.8.8", Verdict.FORWARDED, lifted).isEmpty()) {
                    return true;
                }
                SteppedLabResource.advance(Duration.ofSeconds(5));
                return false;
            });
            Instant forwarded = SteppedLabResource.now();
            SteppedLabResource.advance(Duration.ofSeconds(15));
            await().atMost(TIMEOUT).until(() -> flows(name, "8.8.8.8", null, forwarded).size() >= 2);
            assertThat(flows(name, "8.8.8.8", null, forwarded)).as("and stay so")
                    .allSatisfy(f -> assertThat(f.getVerdict()).isEqualTo(Verdict.FORWARDED));
        }
    }

    /** The observer's part, without the observer: relay flows onto hubble-flows, keyed by their pod end. */
    private void bridge() {
        // read here, not injected: the test class is a bean of every test app, and only this one has a relay
        String relayAddress = ConfigProvider.getConfig().getValue(SteppedLabResource.RELAY_ADDRESS, String.class);
        channel = Grpc.newChannelBuilder(relayAddress, InsecureChannelCredentials.create()).build();
        ObserverGrpc.newStub(channel).getFlows(GetFlowsRequest.newBuilder().setFollow(true).build(),
                new StreamObserver<>() {
                    @Override
                    public void onNext(GetFlowsResponse response) {
                        if (response.hasFlow()) {
                            bridged.add(response.getFlow());
                            TestKafka.send(Topics.HUBBLE_FLOWS, FlowKeys.podKey(response.getFlow()),
                                    HubbleJson.write(response));
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                        // the channel is shut down after the test
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
    }

    private List<Flow> flows(String pod, String destination, Verdict verdict, Instant since) {
        return bridged.stream().filter(f -> f.getSource().getPodName().equals(pod))
                .filter(f -> f.getIP().getDestination().equals(destination))
                .filter(f -> verdict == null || f.getVerdict() == verdict)
                .filter(f -> !f.getIsReply().getValue())
                .filter(f -> f.getTime().getSeconds() >= since.getEpochSecond())
                .toList();
    }
}
