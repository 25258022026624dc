package io.c2intents.lab.datapath;

import static org.assertj.core.api.Assertions.assertThat;

import io.c2intents.hubble.flow.Flow;
import io.c2intents.hubble.flow.Verdict;
import io.c2intents.lab.pod.PodRuntime;
import java.time.Duration;
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
}
