package io.c2intents.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.c2intents.lab.pod.PodRuntime;
import io.c2intents.lab.vfs.AlpineImage;
import io.c2intents.lab.vfs.FileStat;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Exec through Fabric8's client, as the attack simulator and the mitigation service use it. */
class ExecTest {

    private static final String CRONTAB = "/etc/crontabs/root";
    private static final String INFECTION = "* * * * * ping 1.1.1.1 -c5 >> /var/log/cron.log 2>&1";

    private static LabCluster lab;
    private static KubernetesClient client;
    private static String podName;

    @BeforeAll
    static void start() {
        lab = LabCluster.start(LabConfig.forTests());
        client = lab.client();
        client.apps().deployments().resource(Workloads.alpine("target", 1)).create();
        await().atMost(Duration.ofSeconds(10)).until(() -> lab.pods().all().size() == 1);
        podName = lab.pods().all().get(0).name();
    }

    @AfterAll
    static void stop() {
        lab.close();
    }

    /** stdout, stderr and exit code of one exec. */
    record Result(String out, String err, int code) {
    }

    static Result exec(String... command) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ExecWatch watch = client.pods().withName(podName).writingOutput(out).writingError(err).exec(command)) {
            int code = watch.exitCode().get(10, TimeUnit.SECONDS);
            return new Result(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), code);
        }
    }

    @Test
    void aNewPodHasBusyboxDefaultCrontab() throws Exception {
        Result result = exec("cat", CRONTAB);
        assertThat(result.code()).isZero();
        assertThat(result.out()).isEqualTo(AlpineImage.DEFAULT_ROOT_CRONTAB)
                .contains("run-parts /etc/periodic/15min");
    }

    @Test
    void theAttackersAppendTheDefendersSedAndRm() throws Exception {
        PodRuntime pod = lab.pods().find("default", podName).orElseThrow();
        FileStat dirBefore = pod.fileSystem().stat("/etc/crontabs").orElseThrow();
        FileStat fileBefore = pod.fileSystem().stat(CRONTAB).orElseThrow();

        Result append = exec("sh", "-c", "echo '" + INFECTION + "' >> " + CRONTAB
                + " && echo root >> /etc/crontabs/cron.update");
        assertThat(append.code()).isZero();
        assertThat(exec("cat", CRONTAB).out()).endsWith(INFECTION + "\n");
        FileStat fileAfterAppend = pod.fileSystem().stat(CRONTAB).orElseThrow();
        assertThat(fileAfterAppend.inode()).isEqualTo(fileBefore.inode());
        assertThat(exec("grep", "-c", "1.1.1.1", CRONTAB).out()).isEqualTo("1\n");

        Result sed = exec("sed", "-i", "/1\\.1\\.1\\.1/d", CRONTAB);
        assertThat(sed.code()).isZero();
        assertThat(exec("cat", CRONTAB).out()).isEqualTo(AlpineImage.DEFAULT_ROOT_CRONTAB);
        FileStat afterSed = pod.fileSystem().stat(CRONTAB).orElseThrow();
        assertThat(afterSed.inode()).isNotEqualTo(fileBefore.inode());
        assertThat(pod.fileSystem().stat("/etc/crontabs").orElseThrow().mtime())
                .isAfterOrEqualTo(dirBefore.mtime());

        assertThat(exec("grep", "-q", "1.1.1.1", CRONTAB).code()).isEqualTo(1);
        assertThat(exec("rm", CRONTAB).code()).isZero();
        assertThat(exec("test", "-f", CRONTAB).code()).isEqualTo(1);

        Result missing = exec("cat", CRONTAB);
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("cat: can't open '/etc/crontabs/root': No such file or directory\n");
        Result rmAgain = exec("rm", CRONTAB);
        assertThat(rmAgain.code()).isEqualTo(1);
        assertThat(rmAgain.err()).contains("can't remove '/etc/crontabs/root': No such file or directory");
        assertThat(exec("rm", "-f", CRONTAB).code()).isZero();

        assertThat(exec("sh", "-c", "crontab -l").err()).contains("crontab: can't open 'root'");
        Result restore = exec("sh", "-c", "printf '%s\\n' '0 * * * * run-parts /etc/periodic/hourly' | crontab -");
        assertThat(restore.code()).isZero();
        assertThat(exec("crontab", "-l").out()).isEqualTo("0 * * * * run-parts /etc/periodic/hourly\n");
    }

    @Test
    void anUnknownCommandExits127() throws Exception {
        Result argv = exec("curl", "http://1.1.1.1");
        assertThat(argv.code()).isEqualTo(127);
        assertThat(argv.err()).isEqualTo("sh: curl: not found\n");

        Result script = exec("sh", "-c", "echo before; wget http://x; echo after");
        assertThat(script.code()).isZero();
        assertThat(script.out()).isEqualTo("before\nafter\n");
        assertThat(script.err()).isEqualTo("sh: wget: not found\n");

        assertThat(exec("sh", "-c", "bash -c id").code()).isEqualTo(127);
    }

    @Test
    void quotingIsResolvedLikeSh() throws Exception {
        assertThat(exec("sh", "-c", "echo 'a b'   c").out()).isEqualTo("a b c\n");
        assertThat(exec("sh", "-c", "echo \"a'b\"").out()).isEqualTo("a'b\n");
        assertThat(exec("sh", "-c", "echo \"say \\\"hi\\\"\" 'it'\\''s'").out()).isEqualTo("say \"hi\" it's\n");
        assertThat(exec("sh", "-c", "echo a\\ b").out()).isEqualTo("a b\n");
        assertThat(exec("sh", "-c", "echo $HOME \"$HOSTNAME\" '$HOME'").out())
                .isEqualTo("/root " + podName + " $HOME\n");
        Result unterminated = exec("sh", "-c", "echo 'oops");
        assertThat(unterminated.code()).isEqualTo(2);
        assertThat(unterminated.err()).contains("syntax error");
    }

    @Test
    void operatorsChainAndPipe() throws Exception {
        assertThat(exec("sh", "-c", "false && echo no; true && echo yes").out()).isEqualTo("yes\n");
        assertThat(exec("sh", "-c", "false || echo fallback").out()).isEqualTo("fallback\n");
        assertThat(exec("sh", "-c", "cat /etc/crontabs/root | grep -v '^#' | grep periodic/daily").out())
                .contains("run-parts /etc/periodic/daily");
        Result last = exec("sh", "-c", "echo x; ls /nonexistent");
        assertThat(last.code()).isEqualTo(1);
        assertThat(last.err()).isEqualTo("ls: /nonexistent: No such file or directory\n");
        assertThat(exec("sh", "-c", "exit 3").code()).isEqualTo(3);
    }

    @Test
    void killAndPkillActOnThePodsProcesses() throws Exception {
        PodRuntime pod = lab.pods().find("default", podName).orElseThrow();
        int pid = pod.processes().spawn("crond -b").pid();

        assertThat(exec("ps").out()).contains("crond -b");
        assertThat(exec("pkill", "crond").code()).isZero();
        assertThat(pod.processes().find(pid)).isEmpty();
        assertThat(exec("pkill", "crond").code()).isEqualTo(1);
        Result kill = exec("kill", "4242");
        assertThat(kill.code()).isEqualTo(1);
        assertThat(kill.err()).isEqualTo("sh: can't kill pid 4242: No such process\n");
    }

    @Test
    void stdinReachesTheCommand() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] crontab = "*/5 * * * * run-parts /etc/periodic/15min\n".getBytes(StandardCharsets.UTF_8);
        try (ExecWatch watch = client.pods().withName(podName)
                .readingInput(new java.io.ByteArrayInputStream(crontab))
                .writingOutput(out).writingError(new ByteArrayOutputStream())
                .exec("sh", "-c", "cat > /tmp/from-stdin")) {
            assertThat(watch.exitCode().get(10, TimeUnit.SECONDS)).isZero();
        }
        assertThat(exec("cat", "/tmp/from-stdin").out()).isEqualTo(new String(crontab, StandardCharsets.UTF_8));
    }

    @Test
    void thePodLogIsServedAtPodsLog() {
        // a container that prints nothing of its own, so the log holds only what the test writes
        io.fabric8.kubernetes.api.model.apps.Deployment quiet = Workloads.alpine("quiet", 1);
        quiet.getSpec().getTemplate().getSpec().getContainers().get(0).setCommand(List.of("sleep", "1000000"));
        client.apps().deployments().resource(quiet).create();
        PodRuntime pod = await().atMost(Duration.ofSeconds(10)).until(() -> lab.pods().all().stream()
                .filter(p -> "quiet".equals(p.labels().get("app"))).findFirst(), java.util.Optional::isPresent)
                .orElseThrow();
        pod.log().append(lab.clock().now(), "PING 8.8.8.8 (8.8.8.8): 56 data bytes\n64 bytes from 8.8.8.8: seq=0\n");

        assertThat(client.pods().withName(pod.name()).getLog())
                .isEqualTo("PING 8.8.8.8 (8.8.8.8): 56 data bytes\n64 bytes from 8.8.8.8: seq=0\n");
        assertThat(client.pods().withName(pod.name()).tailingLines(1).getLog())
                .isEqualTo("64 bytes from 8.8.8.8: seq=0\n");
    }

    @Test
    void execInAMissingPodIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
            try (ExecWatch watch = client.pods().withName("nope").writingOutput(new ByteArrayOutputStream())
                    .exec("ls")) {
                watch.exitCode().get(10, TimeUnit.SECONDS);
            }
        }).hasMessageContaining("pods \"nope\" not found");
    }

    @Test
    void eachPodHasItsOwnFileSystem() throws Exception {
        client.apps().deployments().resource(Workloads.alpine("other", 1)).create();
        await().atMost(Duration.ofSeconds(10)).until(() -> lab.pods().all().stream()
                .anyMatch(p -> "other".equals(p.labels().get("app"))));
        Pod other = client.pods().withLabel("app", "other").list().getItems().get(0);
        exec("sh", "-c", "echo mine > /tmp/marker");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ExecWatch watch = client.pods().withName(other.getMetadata().getName()).writingOutput(out)
                .writingError(new ByteArrayOutputStream()).exec("ls", "/tmp")) {
            assertThat(watch.exitCode().get(10, TimeUnit.SECONDS)).isZero();
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(exec("cat", "/tmp/marker").out()).isEqualTo("mine\n");
        assertThat(List.of(exec("hostname").out())).containsExactly(podName + "\n");
    }
}
