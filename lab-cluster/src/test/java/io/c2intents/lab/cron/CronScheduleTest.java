package io.c2intents.lab.cron;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** busybox's crontab fields: steps, ranges, lists, names, the day-of-month / day-of-week rule, shorthands. */
class CronScheduleTest {

    private static boolean runs(String line, String time) {
        List<CronEntry> entries = CrontabParser.parse("root", line + " job\n");
        assertThat(entries).as(line).hasSize(1);
        return entries.get(0).schedule().matches(Instant.parse(time).getEpochSecond());
    }

    @Test
    void fieldsStepsRangesListsAndNames() {
        assertThat(runs("*/15 * * * *", "2026-01-05T10:45:00Z")).isTrue();
        assertThat(runs("*/15 * * * *", "2026-01-05T10:46:00Z")).isFalse();
        assertThat(runs("5-10/5 * * * *", "2026-01-05T10:10:00Z")).isTrue();
        assertThat(runs("5-10/5 * * * *", "2026-01-05T10:15:00Z")).isFalse();
        assertThat(runs("0 9-17 * * mon-fri", "2026-01-05T10:00:00Z")).isTrue(); // a Monday
        assertThat(runs("0 9-17 * * mon-fri", "2026-01-10T10:00:00Z")).isFalse(); // a Saturday
        assertThat(runs("0 0 1 jan,jul *", "2026-07-01T00:00:00Z")).isTrue();
        assertThat(runs("30 2 * * 7", "2026-01-04T02:30:00Z")).as("7 is Sunday too").isTrue();
    }

    @Test
    void dayOfMonthAndDayOfWeekAreEitherWhenBothAreRestricted() {
        // the 13th, or any Friday
        assertThat(runs("0 0 13 * 5", "2026-01-13T00:00:00Z")).isTrue(); // a Tuesday the 13th
        assertThat(runs("0 0 13 * 5", "2026-01-09T00:00:00Z")).isTrue(); // a Friday the 9th
        assertThat(runs("0 0 13 * 5", "2026-01-12T00:00:00Z")).isFalse();
        // only the restricted one counts when the other is *
        assertThat(runs("0 0 * * 5", "2026-01-13T00:00:00Z")).isFalse();
        assertThat(runs("0 0 13 * *", "2026-01-09T00:00:00Z")).isFalse();
    }

    @Test
    void commentsEnvironmentLinesShorthandsAndBrokenLines() {
        List<CronEntry> entries = CrontabParser.parse("root", """
                # a comment
                MAILTO=""
                @hourly ping 1.1.1.1 -c 1
                @reboot crond-helper
                61 * * * * never parsed
                * * * *
                \t*/5\t*\t*\t*\t*\trun-parts /etc/periodic/5min
                """);
        assertThat(entries).extracting(CronEntry::command)
                .containsExactly("ping 1.1.1.1 -c 1", "crond-helper", "run-parts /etc/periodic/5min");
        assertThat(entries.get(0).schedule().matches(Instant.parse("2026-01-05T10:00:00Z").getEpochSecond()))
                .isTrue();
        assertThat(entries.get(1).atReboot()).isTrue();
    }
}
