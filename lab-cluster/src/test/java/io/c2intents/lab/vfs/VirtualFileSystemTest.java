package io.c2intents.lab.vfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.c2intents.lab.clock.LabClock;
import io.c2intents.lab.clock.SteppedLabClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The mtime rules busybox crond depends on (DESIGN, "Facts about the workloads' cron"). */
class VirtualFileSystemTest {

    private static final String DIR = "/etc/crontabs";
    private static final String ROOT = DIR + "/root";

    private SteppedLabClock clock;
    private VirtualFileSystem fs;

    @BeforeEach
    void setUp() {
        clock = LabClock.stepped(Instant.parse("2026-01-01T00:00:00Z"));
        fs = AlpineImage.newFileSystem(clock, "pod");
        clock.advance(Duration.ofMinutes(1));
    }

    @Test
    void appendingChangesTheFileNotTheDirectory() throws VfsException {
        Instant dir = mtime(DIR);
        long inode = fs.stat(ROOT).orElseThrow().inode();

        fs.append(ROOT, "* * * * * ping 1.1.1.1 -c5\n");

        assertThat(mtime(DIR)).isEqualTo(dir);
        assertThat(mtime(ROOT)).isEqualTo(clock.now());
        assertThat(fs.stat(ROOT).orElseThrow().inode()).isEqualTo(inode);
    }

    @Test
    void creatingRemovingAndRenamingChangeTheDirectory() throws VfsException {
        Instant start = mtime(DIR);
        fs.append(DIR + "/cron.update", "root\n");
        assertThat(mtime(DIR)).isAfter(start);

        clock.advance(Duration.ofSeconds(10));
        fs.remove(DIR + "/cron.update", false);
        assertThat(mtime(DIR)).isEqualTo(clock.now());

        clock.advance(Duration.ofSeconds(10));
        fs.write("/tmp/new", "x\n");
        fs.rename("/tmp/new", DIR + "/root");
        assertThat(mtime(DIR)).isEqualTo(clock.now());
        assertThat(fs.read(ROOT)).isEqualTo("x\n");
    }

    @Test
    void replacingGivesANewInode() throws VfsException {
        long inode = fs.stat(ROOT).orElseThrow().inode();
        fs.replace(ROOT, "");
        assertThat(fs.stat(ROOT).orElseThrow().inode()).isNotEqualTo(inode);
        assertThat(mtime(DIR)).isEqualTo(clock.now());
    }

    @Test
    void errorsCarryTheShellsReason() {
        assertThatThrownBy(() -> fs.read("/nope")).isInstanceOfSatisfying(VfsException.class,
                e -> assertThat(e.reason()).isEqualTo(VfsException.Reason.NOT_FOUND));
        assertThatThrownBy(() -> fs.read(DIR)).isInstanceOfSatisfying(VfsException.class,
                e -> assertThat(e.reason()).isEqualTo(VfsException.Reason.IS_DIRECTORY));
        assertThatThrownBy(() -> fs.remove(DIR, false)).isInstanceOfSatisfying(VfsException.class,
                e -> assertThat(e.reason()).isEqualTo(VfsException.Reason.NOT_EMPTY));
        assertThat(VirtualFileSystem.normalize("/etc", "../var//log/./x")).isEqualTo("/var/log/x");
    }

    private Instant mtime(String path) {
        return fs.stat(path).orElseThrow().mtime();
    }
}
