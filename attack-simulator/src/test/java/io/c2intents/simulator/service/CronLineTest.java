package io.c2intents.simulator.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The only shell line the simulator runs is made of an IPv4 address and a cron schedule, nothing else. */
class CronLineTest {

    @Test
    void theReferenceInfectionLine() {
        assertThat(PodInfector.cronLine("1.1.1.1", "* * * * *"))
                .isEqualTo("* * * * * ping 1.1.1.1 -c5 >> /var/log/cron.log 2>&1");
        assertThat(PodInfector.cronLine("203.0.113.9", "*/5 0-23 1,15 * *"))
                .isEqualTo("*/5 0-23 1,15 * * ping 203.0.113.9 -c5 >> /var/log/cron.log 2>&1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.1.1.1'; rm -rf /; echo '", "1.1.1", "256.1.1.1", "1.1.1.1\n", "example.com", ""})
    void anythingButADottedQuadIsRefused(String address) {
        assertThatThrownBy(() -> PodInfector.cronLine(address, "* * * * *"))
                .isInstanceOf(InvalidCommand.class).hasMessageStartingWith("$.c2Address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"* * * *", "* * * * * *", "@reboot", "* * * * *'", "* * * * *\n", "* * * * $(id)"})
    void anythingButFiveCronFieldsIsRefused(String schedule) {
        assertThatThrownBy(() -> PodInfector.cronLine("1.1.1.1", schedule))
                .isInstanceOf(InvalidCommand.class).hasMessageStartingWith("$.schedule");
    }
}
