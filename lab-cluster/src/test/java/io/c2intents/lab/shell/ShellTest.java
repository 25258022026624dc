package io.c2intents.lab.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.c2intents.lab.clock.LabClock;
import io.c2intents.lab.clock.SteppedLabClock;
import io.c2intents.lab.pod.ProcessTable;
import io.c2intents.lab.vfs.AlpineImage;
import io.c2intents.lab.vfs.VirtualFileSystem;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shell alone, without the API: tokenizing, operators, redirections and the busybox programs. */
class ShellTest {

    private SteppedLabClock clock;
    private VirtualFileSystem fs;
    private Shell shell;

    @BeforeEach
    void setUp() {
        clock = LabClock.stepped(Instant.parse("2026-01-01T00:00:00Z"));
        fs = AlpineImage.newFileSystem(clock, "pod-1");
        ProcessTable processes = new ProcessTable();
        processes.spawn("/bin/sh -c crond -b; sleep 100000");
        shell = new Shell(fs, processes, CommandSet.busybox(), "pod-1");
    }

    private ExecResult sh(String script) {
        return shell.run(script, "");
    }

    @Test
    void tokenizerResolvesQuotesEscapesAndOperators() throws ShellSyntaxException {
        List<ShellTokenizer.Token> tokens = ShellTokenizer.tokenize(
                "echo 'a b' \"c'd\" e\\ f \"say \\\"hi\\\"\" 2>&1 >> out.log; x && y || z | w", Map.of());
        assertThat(tokens).extracting(ShellTokenizer.Token::toString).containsExactly(
                "echo", "a b", "c'd", "e f", "say \"hi\"", "<2>&1>", "<>>>", "out.log", "<;>", "x", "<&&>", "y",
                "<||>", "z", "<|>", "w");
    }

    @Test
    void theDemosInfectionLineIsOneQuotedWordAndLandsInTheCrontab() {
        ExecResult result = sh("echo '* * * * * ping 1.1.1.1 -c5 >> /var/log/cron.log 2>&1' >> /etc/crontabs/root");
        assertThat(result.exitCode()).isZero();
        assertThat(sh("tail -n 1 /etc/crontabs/root").stdout())
                .isEqualTo("* * * * * ping 1.1.1.1 -c5 >> /var/log/cron.log 2>&1\n");
    }

    @Test
    void redirectionsTruncateAppendAndMergeStreams() {
        sh("echo one > /tmp/f; echo two >> /tmp/f");
        assertThat(sh("cat /tmp/f").stdout()).isEqualTo("one\ntwo\n");
        sh("cat /nope > /tmp/err 2>&1");
        assertThat(sh("cat /tmp/err").stdout()).isEqualTo("cat: can't open '/nope': No such file or directory\n");
        ExecResult redirectInto = sh("echo x > /no/such/dir/file");
        assertThat(redirectInto.exitCode()).isEqualTo(1);
        assertThat(redirectInto.stderr()).contains("can't create /no/such/dir/file");
        assertThat(sh("grep root < /etc/passwd").stdout()).startsWith("root:x:0:0");
    }

    @Test
    void sedDeletesAndSubstitutesWithBasicRegularExpressions() {
        sh("printf 'keep\\nping 1.1.1.1 -c5\\nkeep 2\\n' > /tmp/c");
        assertThat(sh("sed '/1\\.1\\.1\\.1/d' /tmp/c").stdout()).isEqualTo("keep\nkeep 2\n");
        assertThat(sh("sed 's/keep/stay/' /tmp/c").stdout()).isEqualTo("stay\nping 1.1.1.1 -c5\nstay 2\n");
        assertThat(sh("sed -n '/ping/p' /tmp/c").stdout()).isEqualTo("ping 1.1.1.1 -c5\n");
        assertThat(sh("echo aaa | sed 's/a/b/g'").stdout()).isEqualTo("bbb\n");
        assertThat(sh("echo 'a+b' | sed 's/a+b/ok/'").stdout()).isEqualTo("ok\n");
        assertThat(sh("echo 'abc' | sed 's/\\(b\\)/[\\1]/'").stdout()).isEqualTo("a[b]c\n");
        ExecResult unsupported = sh("sed 'y/a/b/' /tmp/c");
        assertThat(unsupported.exitCode()).isEqualTo(1);
        assertThat(unsupported.stderr()).contains("unsupported command y");
    }

    @Test
    void sedInPlaceReplacesTheFileAndTouchesTheDirectory() {
        long inode = fs.stat("/etc/crontabs/root").orElseThrow().inode();
        Instant dirBefore = fs.stat("/etc/crontabs").orElseThrow().mtime();
        clock.advance(Duration.ofMinutes(1));

        assertThat(sh("sed -i '/periodic\\/daily/d' /etc/crontabs/root").exitCode()).isZero();

        assertThat(fs.stat("/etc/crontabs/root").orElseThrow().inode()).isNotEqualTo(inode);
        assertThat(fs.stat("/etc/crontabs").orElseThrow().mtime()).isAfter(dirBefore);
        assertThat(sh("grep -c periodic /etc/crontabs/root").stdout()).isEqualTo("4\n");
    }

    @Test
    void grepExitCodesAndOptions() {
        assertThat(sh("grep -q hourly /etc/crontabs/root").exitCode()).isZero();
        assertThat(sh("grep -q nothing-like-this /etc/crontabs/root").exitCode()).isEqualTo(1);
        assertThat(sh("grep x /missing").exitCode()).isEqualTo(2);
        assertThat(sh("grep -v '^#' /etc/crontabs/root | grep -c run-parts").stdout()).isEqualTo("5\n");
        assertThat(sh("echo ABC | grep -i abc").exitCode()).isZero();
        assertThat(sh("echo 'a.c' | grep -F '.'").exitCode()).isZero();
        assertThat(sh("echo 'abc' | grep -E 'b+'").exitCode()).isZero();
    }

    @Test
    void crontabInstallsFromStdinAndSignalsCrond() {
        ExecResult install = shell.run("crontab -", "*/5 * * * * echo hi\n");
        assertThat(install.exitCode()).isZero();
        assertThat(sh("crontab -l").stdout()).isEqualTo("*/5 * * * * echo hi\n");
        assertThat(sh("cat /etc/crontabs/cron.update").stdout()).isEqualTo("root\n");
        assertThat(sh("crontab -r; crontab -l").exitCode()).isEqualTo(1);
    }

    @Test
    void testAndBracketAndGlobs() {
        assertThat(sh("test -f /etc/crontabs/root && echo yes").stdout()).isEqualTo("yes\n");
        assertThat(sh("[ -d /etc/crontabs ] && echo dir").stdout()).isEqualTo("dir\n");
        assertThat(sh("[ ! -e /etc/nothing ]").exitCode()).isZero();
        assertThat(sh("[ 3 -gt 2 ]").exitCode()).isZero();
        assertThat(sh("echo /etc/crontabs/*").stdout()).isEqualTo("/etc/crontabs/root\n");
        assertThat(sh("rm -f /etc/crontabs/*; ls /etc/crontabs").stdout()).isEmpty();
    }

    @Test
    void argvFormRunsOneProgramWithoutShellParsing() {
        ExecResult result = shell.exec(List.of("echo", "a && b", "; c"), "");
        assertThat(result.stdout()).isEqualTo("a && b ; c\n");
        assertThat(shell.exec(List.of("/bin/cat", "/etc/hostname"), "").stdout()).isEqualTo("pod-1\n");
        ExecResult missing = shell.exec(List.of("/usr/bin/python3", "-c", "print(1)"), "");
        assertThat(missing.exitCode()).isEqualTo(127);
        assertThat(missing.stderr()).isEqualTo("sh: /usr/bin/python3: not found\n");
    }

    @Test
    void commandSubstitutionIsRefusedNotGuessed() {
        ExecResult result = sh("echo $(id)");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("command substitution");
    }

    @Test
    void pid1CannotBeKilledFromInside() {
        assertThat(sh("kill -9 1").exitCode()).isZero();
        assertThat(sh("ps").stdout()).contains("    1 root").contains("crond -b");
    }
}
