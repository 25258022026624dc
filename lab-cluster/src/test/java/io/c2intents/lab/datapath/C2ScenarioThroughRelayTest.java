package io.c2intents.lab.datapath;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import io.c2intents.hubble.flow.DropReason;
import io.c2intents.hubble.flow.Flow;
import io.c2intents.hubble.flow.FlowFilter;
import io.c2intents.hubble.flow.Verdict;
import io.c2intents.hubble.observer.GetFlowsRequest;
import io.c2intents.hubble.observer.GetFlowsResponse;
import io.c2intents.lab.pod.PodRuntime;
import io.c2intents.lab.relay.RelayClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reference scenario end to end, read the way the observer reads a cluster: through Hubble Relay's
 * {@code GetFlows} with a gRPC client. Infect a target pod: its 1.1.1.1 pings are FORWARDED (the default policy allows
 * the world); quarantine it (label + egressDeny toEntities all): DROPPED with POLICY_DENY naming the policy; evict the
 * crontab entry with sed -i through exec: no more 1.1.1.1 flows.
 */
class C2ScenarioThroughRelayTest {

    private static final String DEFAULT_POLICY = """
            apiVersion: cilium.io/v2
            kind: CiliumNetworkPolicy
            metadata:
              name: target-egress-world
              labels: {app.kubernetes.io/part-of: c2-experiment}
            spec:
              endpointSelector:
                matchLabels: {app.kubernetes.io/part-of: c2-experiment, c2.io/role: target}
              egress:
                - toEntities: [world]
            """;
    private static final String QUARANTINE = """
            apiVersion: cilium.io/v2
            kind: CiliumNetworkPolicy
            metadata:
              name: c2-quarantine
            spec:
              endpointSelector:
                matchLabels: {c2.io/status: infected}
              egressDeny:
                - toEntities: [all]
              ingressDeny:
                - fromEntities: [all]
            """;

    private ExperimentLab lab;
    private RelayClient relay;

    @BeforeEach
    void start() {
        lab = new ExperimentLab();
        relay = new RelayClient(lab.lab.relayAddress());
    }

    @AfterEach
    void stop() {
        relay.close();
        lab.close();
    }

    private List<Flow> flowsTo(String ip, Instant since) {
        GetFlowsRequest request = GetFlowsRequest.newBuilder()
                .addWhitelist(FlowFilter.newBuilder().addDestinationIp(ip).addProtocol("icmpv4"))
                .setSince(Timestamp.newBuilder().setSeconds(since.getEpochSecond()).setNanos(since.getNano()))
                .build();
        List<GetFlowsResponse> responses = relay.getFlows(request);
        assertThat(responses.get(0).hasNodeStatus()).as("Relay starts a stream with the nodes' status").isTrue();
        return responses.stream().filter(GetFlowsResponse::hasFlow).map(GetFlowsResponse::getFlow).toList();
    }

    @Test
    void infectedPodIsForwardedThenDroppedByTheQuarantineThenSilentAfterEviction() throws Exception {
        lab.apply(DEFAULT_POLICY);
        List<PodRuntime> targets = lab.deploy("target", 2);
        PodRuntime infected = targets.get(0);
        lab.advance(Duration.ofSeconds(5));

        lab.infect(infected);
        Instant infectedAt = lab.clock.now();
        lab.advanceToNextMinute(20);

        List<Flow> forwarded = flowsTo("1.1.1.1", infectedAt);
        assertThat(forwarded).hasSize(5).allSatisfy(flow -> {
            assertThat(flow.getVerdict()).isEqualTo(Verdict.FORWARDED);
            assertThat(flow.getSource().getPodName()).isEqualTo(infected.name());
            assertThat(flow.getSource().getNamespace()).isEqualTo(ExperimentLab.NAMESPACE);
            assertThat(flow.getDestination().getLabelsList()).containsExactly("reserved:world");
            assertThat(flow.getL4().getICMPv4().getType()).isEqualTo(8);
        });
        // only the infected pod talks to 1.1.1.1
        assertThat(lab.flows()).filteredOn(f -> f.getIP().getDestination().equals("1.1.1.1"))
                .allSatisfy(f -> assertThat(f.getSource().getPodName()).isEqualTo(infected.name()));

        lab.label(infected, "c2.io/status", "infected");
        lab.apply(QUARANTINE);
        Instant quarantinedAt = lab.clock.now();
        lab.advanceToNextMinute(20);

        List<Flow> dropped = flowsTo("1.1.1.1", quarantinedAt);
        assertThat(dropped).hasSize(5).allSatisfy(flow -> {
            assertThat(flow.getVerdict()).isEqualTo(Verdict.DROPPED);
            assertThat(flow.getDropReasonDesc()).isEqualTo(DropReason.POLICY_DENY);
            assertThat(flow.getDropReason()).isEqualTo(181);
            assertThat(flow.getEgressDeniedByList()).singleElement().satisfies(policy -> {
                assertThat(policy.getName()).isEqualTo("c2-quarantine");
                assertThat(policy.getNamespace()).isEqualTo(ExperimentLab.NAMESPACE);
                assertThat(policy.getKind()).isEqualTo("CiliumNetworkPolicy");
            });
            assertThat(flow.getSource().getLabelsList()).contains("k8s:c2.io/status=infected");
        });
        // the quarantine cuts the healthy traffic of that pod too, and only of that pod
        assertThat(flowsTo("8.8.8.8", quarantinedAt)).isNotEmpty().allSatisfy(flow -> assertThat(flow.getVerdict())
                .isEqualTo(flow.getSource().getPodName().equals(infected.name()) ? Verdict.DROPPED
                        : Verdict.FORWARDED));

        // File Eviction, as the responder does it: sed -i through exec
        lab.exec(infected, "sed", "-i", "/1.1.1.1/d", "/etc/crontabs/root");
        lab.advance(Duration.ofSeconds(20)); // a job already running (dropped pings: 4 s + 10 s wait) ends
        Instant evictedAt = lab.clock.now();
        lab.advance(Duration.ofMinutes(3));

        assertThat(flowsTo("1.1.1.1", evictedAt)).isEmpty();
        assertThat(lab.exec(infected, "cat", "/etc/crontabs/root")).doesNotContain("1.1.1.1")
                .contains("run-parts /etc/periodic/15min");
    }

    @Test
    void withoutCronUpdateTheAppendedEntryWaitsForCrondsHourlyRescan() throws Exception {
        lab.apply(DEFAULT_POLICY);
        PodRuntime pod = lab.deploy("target", 1).get(0);
        // past crond's first wakeup: that one always rescans (busybox starts with an unknown directory mtime)
        lab.advanceToNextMinute(10);
        Instant start = lab.clock.now();

        lab.exec(pod, "sh", "-c", "echo '" + ExperimentLab.INFECTION + "' >> /etc/crontabs/root");
        lab.advance(Duration.ofMinutes(30));
        assertThat(flowsTo("1.1.1.1", start)).isEmpty();

        lab.advance(Duration.ofMinutes(32));
        assertThat(flowsTo("1.1.1.1", start)).isNotEmpty()
                .allSatisfy(flow -> assertThat(flow.getVerdict()).isEqualTo(Verdict.FORWARDED));
    }
}
