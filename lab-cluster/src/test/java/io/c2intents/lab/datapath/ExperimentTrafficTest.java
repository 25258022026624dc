package io.c2intents.lab.datapath;

import static org.assertj.core.api.Assertions.assertThat;

import io.c2intents.hubble.flow.DropReason;
import io.c2intents.hubble.flow.Flow;
import io.c2intents.hubble.flow.Verdict;
import io.c2intents.lab.pod.PodRuntime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The experiment's pods behave from their real container spec: a ping loop to 8.8.8.8, crond, output in the log. */
class ExperimentTrafficTest {

    private ExperimentLab lab;

    @BeforeEach
    void start() {
        lab = new ExperimentLab();
    }

    @AfterEach
    void stop() {
        lab.close();
    }

    @Test
    void thePingLoopPingsEightEightEightEightEveryFiveSecondsAndLogsWhatBusyboxPrints() {
        PodRuntime pod = lab.deploy("benign", 1).get(0);

        lab.advance(Duration.ofSeconds(21));

        List<Flow> requests = lab.flows().stream().filter(f -> f.getSource().getPodName().equals(pod.name()))
                .toList();
        // sends at 0, ~5.01, ~10.02, ~15.03, ~20.04 s: five requests, each with its reply
        assertThat(requests).hasSize(5);
        assertThat(requests).allSatisfy(flow -> {
            assertThat(flow.getIP().getDestination()).isEqualTo("8.8.8.8");
            assertThat(flow.getVerdict()).isEqualTo(Verdict.FORWARDED);
            assertThat(flow.getIsReply().getValue()).isFalse();
        });
        List<Flow> replies = lab.flows().stream().filter(f -> f.getDestination().getPodName().equals(pod.name()))
                .toList();
        assertThat(replies).hasSize(5).allSatisfy(flow -> assertThat(flow.getIsReply().getValue()).isTrue());

        String log = pod.log().render(null, false, null, null);
        assertThat(log).startsWith("PING 8.8.8.8 (8.8.8.8): 56 data bytes\n64 bytes from 8.8.8.8: seq=0 ttl=117 time=");
        assertThat(log).contains("--- 8.8.8.8 ping statistics ---\n1 packets transmitted, 1 packets received, "
                + "0% packet loss\nround-trip min/avg/max = ");
        assertThat(log.lines().filter(line -> line.startsWith("PING ")).count()).isEqualTo(5);
    }

    @Test
    void crondRunsAndAnInfectionPingsTheC2AddressEveryMinuteIntoItsLogFile() throws Exception {
        PodRuntime pod = lab.deploy("target", 1).get(0);
        lab.advance(Duration.ofSeconds(1));
        assertThat(lab.lab.datapath().programs(ExperimentLab.NAMESPACE, pod.name()).orElseThrow().crond())
                .isPresent();

        lab.infect(pod);
        lab.advanceToNextMinute(10);

        List<Flow> c2 = lab.flows().stream().filter(f -> f.getIP().getDestination().equals("1.1.1.1")).toList();
        assertThat(c2).hasSize(5).allSatisfy(flow -> assertThat(flow.getVerdict()).isEqualTo(Verdict.FORWARDED));
        String cronLog = lab.exec(pod, "cat", "/var/log/cron.log");
        assertThat(cronLog).startsWith("PING 1.1.1.1 (1.1.1.1): 56 data bytes\n64 bytes from 1.1.1.1: seq=0 ");
        assertThat(cronLog).contains("5 packets transmitted, 5 packets received, 0% packet loss");
        // crond's jobs have no terminal: their output is not in the pod log
        assertThat(pod.log().render(null, false, null, null)).doesNotContain("1.1.1.1");
    }

    @Test
    void theLogIsServedAtPodsLogForFabric8AndKubectl() {
        PodRuntime pod = lab.deploy("benign", 1).get(0);
        lab.advance(Duration.ofSeconds(6));

        String log = lab.lab.client().pods().inNamespace(ExperimentLab.NAMESPACE).withName(pod.name()).getLog();

        assertThat(log.lines().filter(line -> line.startsWith("64 bytes from 8.8.8.8: seq=0 ttl=117 time=")))
                .hasSize(2);
        assertThat(log).contains("1 packets transmitted, 1 packets received, 0% packet loss");
    }

    @Test
    void aSlash32EgressDenyWithDefaultDenyOffLeavesTheRestOfEgressForwarded() throws Exception {
        String denyC2 = """
                apiVersion: cilium.io/v2
                kind: CiliumNetworkPolicy
                metadata: {name: deny-c2}
                spec:
                  endpointSelector: {matchLabels: {c2.io/role: target}}
                  enableDefaultDeny: {egress: false}
                  egressDeny:
                    - toCIDR: [1.1.1.1/32]
                """;
        lab.apply(denyC2);
        PodRuntime pod = lab.deploy("target", 1).get(0);
        lab.advance(Duration.ofSeconds(2));
        lab.infect(pod);
        lab.advanceToNextMinute(30);

        assertThat(flowsTo("8.8.8.8")).isNotEmpty()
                .allSatisfy(flow -> assertThat(flow.getVerdict()).isEqualTo(Verdict.FORWARDED));
        assertThat(flowsTo("1.1.1.1")).hasSize(5).allSatisfy(flow -> {
            assertThat(flow.getVerdict()).isEqualTo(Verdict.DROPPED);
            assertThat(flow.getDropReasonDesc()).isEqualTo(DropReason.POLICY_DENY);
        });
        assertThat(lab.exec(pod, "cat", "/var/log/cron.log"))
                .contains("5 packets transmitted, 0 packets received, 100% packet loss");

        // the same policy with default deny on (the default) cuts 8.8.8.8 too, as "policy denied"
        lab.deletePolicy("deny-c2");
        lab.apply(denyC2.replace("  enableDefaultDeny: {egress: false}\n", ""));
        Instant changed = lab.clock.now();
        lab.advance(Duration.ofSeconds(20));
        assertThat(flowsTo("8.8.8.8")).filteredOn(flow -> flow.getTime().getSeconds() > changed.getEpochSecond()).isNotEmpty().allSatisfy(flow -> {
                    assertThat(flow.getVerdict()).isEqualTo(Verdict.DROPPED);
                    assertThat(flow.getDropReasonDesc()).isEqualTo(DropReason.POLICY_DENIED);
                    assertThat(flow.getEgressDeniedByList()).isEmpty();
                });
    }

    @Test
    void killingCrondStopsItsJobsButNotThePingLoop() throws Exception {
        PodRuntime pod = lab.deploy("target", 1).get(0);
        lab.advance(Duration.ofSeconds(2));
        lab.infect(pod);
        assertThat(lab.exec(pod, "ps")).contains("crond");

        lab.exec(pod, "pkill", "crond");
        lab.advance(Duration.ofMinutes(3));

        assertThat(flowsTo("1.1.1.1")).isEmpty();
        assertThat(flowsTo("8.8.8.8")).hasSizeGreaterThan(30);
        assertThat(lab.lab.datapath().programs(ExperimentLab.NAMESPACE, pod.name()).orElseThrow().crond()).isEmpty();
    }

    private List<Flow> flowsTo(String ip) {
        return lab.flows().stream().filter(f -> f.getIP().getDestination().equals(ip)).toList();
    }

    @Test
    void pingThroughExecAnswersAtOnceWithFlowsOneLabSecondApart() throws Exception {
        PodRuntime pod = lab.deploy("target", 1).get(0);
        lab.advance(Duration.ofSeconds(1));
        Instant before = lab.clock.now();

        String out = lab.exec(pod, "ping", "-c", "3", "1.1.1.1");

        assertThat(out).startsWith("PING 1.1.1.1 (1.1.1.1): 56 data bytes\n64 bytes from 1.1.1.1: seq=0 ttl=117 ")
                .contains("seq=2 ").contains("3 packets transmitted, 3 packets received, 0% packet loss");
        List<Flow> requests = flowsTo("1.1.1.1");
        assertThat(requests).hasSize(3);
        assertThat(requests).extracting(flow -> flow.getTime().getSeconds() - before.getEpochSecond())
                .containsExactly(0L, 1L, 2L);
        assertThat(lab.flows()).filteredOn(f -> f.getIP().getSource().equals("1.1.1.1")).hasSize(3)
                .allSatisfy(reply -> assertThat(reply.getIsReply().getValue()).isTrue());
    }
}
