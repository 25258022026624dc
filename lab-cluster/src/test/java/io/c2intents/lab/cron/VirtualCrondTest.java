package io.c2intents.lab.cron;

import static org.assertj.core.api.Assertions.assertThat;

import io.c2intents.lab.clock.LabClock;
import io.c2intents.lab.clock.SteppedLabClock;
import io.c2intents.lab.vfs.AlpineImage;
import io.c2intents.lab.vfs.VirtualFileSystem;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * busybox crond's reload rules on a stepped clock (../shared/DESIGN.md, "Facts about the workloads' cron"): appending
 * to a crontab is not seen before the hourly rescan unless cron.update names it; sed -i and rm are seen at once.
 */
class VirtualCrondTest {

    private static final String ROOT = "/etc/crontabs/root";
    private static final String UPDATE = "/etc/crontabs/cron.update";
    private static final String C2_JOB = "ping 1.1.1.1 -c5 >> /var/log/cron.log 2>&1";
    private static final String C2_LINE = "* * * * * " + C2_JOB + "\n";

    /** A job start: when and what. */
    record Start(Instant at, String command) {
    }

    private SteppedLabClock clock;
    private VirtualFileSystem fs;
    private List<Start> starts;
    private Duration jobDuration;
    private VirtualCrond crond;

    @BeforeEach
    void start() {
        clock = LabClock.stepped(Instant.parse("2026-01-05T10:00:30Z"));
        fs = AlpineImage.newFileSystem(clock, "target-abc");
        starts = new ArrayList<>();
        jobDuration = Duration.ofSeconds(4);
        crond = new VirtualCrond(fs, clock, (entry, exited) -> {
            starts.add(new Start(clock.now(), entry.command()));
            if (entry.command().startsWith("run-parts")) {
                exited.run(); // alpine's periodic folders are empty: run-parts ends at once
            } else {
                clock.scheduleAfter(jobDuration, exited);
            }
        });
        crond.start();
        clock.advance(Duration.ofSeconds(45)); // first wakeup at 10:01:00, then 10:01:15
    }

    private List<Instant> c2Starts() {
        return starts.stream().filter(s -> s.command().equals(C2_JOB)).map(Start::at).toList();
    }

    @Test
    void appendingWithoutCronUpdateIsNotSeenBeforeTheHourlyRescan() throws Exception {
        fs.append(ROOT, C2_LINE);

        clock.advanceTo(Instant.parse("2026-01-05T11:00:59Z"));
        assertThat(c2Starts()).isEmpty();
        assertThat(crond.loadedEntries()).extracting(CronEntry::command).doesNotContain(C2_JOB);

        // the 60th wakeup after the first rescan (10:01) rescans every crontab
        clock.advanceTo(Instant.parse("2026-01-05T11:01:30Z"));
        assertThat(c2Starts()).containsExactly(Instant.parse("2026-01-05T11:01:00Z"));
    }

    @Test
    void cronUpdateNamingTheCrontabMakesItFireOnTheNextMinute() throws Exception {
        fs.append(ROOT, C2_LINE);
        fs.append(UPDATE, "root\n");

        clock.advanceTo(Instant.parse("2026-01-05T10:03:30Z"));

        assertThat(c2Starts()).containsExactly(Instant.parse("2026-01-05T10:02:00Z"),
                Instant.parse("2026-01-05T10:03:00Z"));
        assertThat(fs.isFile(UPDATE)).as("crond removes cron.update once read").isFalse();
    }

    @Test
    void sedDashIReplacesTheFileAndStopsTheEntryAtTheNextWakeup() throws Exception {
        fs.append(ROOT, C2_LINE);
        fs.append(UPDATE, "root\n");
        clock.advanceTo(Instant.parse("2026-01-05T10:02:30Z"));
        assertThat(c2Starts()).hasSize(1);

        // what sed -i '/1.1.1.1/d' does: write a new file and rename it over the old one
        String cleaned = fs.read(ROOT).lines().filter(line -> !line.contains("1.1.1.1"))
                .reduce("", (text, line) -> text + line + "\n");
        fs.replace(ROOT, cleaned);
        clock.advanceTo(Instant.parse("2026-01-05T10:10:00Z"));

        assertThat(c2Starts()).containsExactly(Instant.parse("2026-01-05T10:02:00Z"));
        assertThat(crond.loadedEntries()).extracting(CronEntry::command)
                .contains("run-parts /etc/periodic/15min").doesNotContain(C2_JOB);
    }

    @Test
    void rmOfTheCrontabStopsEveryEntryAtTheNextWakeup() throws Exception {
        fs.append(ROOT, C2_LINE);
        fs.append(UPDATE, "root\n");
        clock.advanceTo(Instant.parse("2026-01-05T10:02:30Z"));

        fs.remove(ROOT, false);
        clock.advanceTo(Instant.parse("2026-01-05T10:20:00Z"));

        assertThat(c2Starts()).containsExactly(Instant.parse("2026-01-05T10:02:00Z"));
        assertThat(crond.loadedEntries()).isEmpty();
        assertThat(starts).extracting(Start::command).doesNotContain("run-parts /etc/periodic/15min");
    }

    @Test
    void alpinesDefaultCrontabRunsTheFifteenMinuteAndHourlyParts() {
        clock.advanceTo(Instant.parse("2026-01-05T11:00:30Z"));

        assertThat(starts).containsExactly(
                new Start(Instant.parse("2026-01-05T10:15:00Z"), "run-parts /etc/periodic/15min"),
                new Start(Instant.parse("2026-01-05T10:30:00Z"), "run-parts /etc/periodic/15min"),
                new Start(Instant.parse("2026-01-05T10:45:00Z"), "run-parts /etc/periodic/15min"),
                new Start(Instant.parse("2026-01-05T11:00:00Z"), "run-parts /etc/periodic/15min"),
                new Start(Instant.parse("2026-01-05T11:00:00Z"), "run-parts /etc/periodic/hourly"));
    }

    @Test
    void aJobStillRunningIsNotStartedAgain() throws Exception {
        // a crond that finds the entry at start, so no reload in between gives the job a fresh line
        crond.stop();
        fs.append(ROOT, C2_LINE);
        jobDuration = Duration.ofSeconds(90);
        crond = new VirtualCrond(fs, clock, (entry, exited) -> {
            starts.add(new Start(clock.now(), entry.command()));
            clock.scheduleAfter(jobDuration, exited);
        });
        crond.start();

        clock.advanceTo(Instant.parse("2026-01-05T10:06:30Z"));

        // 10:02 starts it; at 10:03 it still runs (90 s), so busybox logs "process already running" and skips it;
        // the 10:03:30 wakeup reaps it, so 10:04 starts it again
        assertThat(c2Starts()).containsExactly(Instant.parse("2026-01-05T10:02:00Z"),
                Instant.parse("2026-01-05T10:04:00Z"), Instant.parse("2026-01-05T10:06:00Z"));
    }

    @Test
    void aStoppedCrondRunsNothingMore() throws Exception {
        fs.append(ROOT, C2_LINE);
        fs.append(UPDATE, "root\n");
        clock.advanceTo(Instant.parse("2026-01-05T10:02:30Z"));

        crond.stop();
        clock.advanceTo(Instant.parse("2026-01-05T10:30:00Z"));

        assertThat(c2Starts()).hasSize(1);
    }
}
