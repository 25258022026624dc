package io.c2intents.lab.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.c2intents.lab.pod.PodRuntime;
import io.c2intents.lab.shell.CommandSet;
import io.c2intents.lab.shell.ExecResult;
import io.c2intents.lab.shell.Shell;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * One {@code pods/exec} session over WebSocket, in the channel protocol Fabric8 speaks ({@code v4.channel.k8s.io}):
 * each binary frame starts with its channel, 0 stdin, 1 stdout, 2 stderr, 3 the final {@code Status} with the exit
 * code ({@code Success}, or {@code Failure} with reason {@code NonZeroExitCode} and a cause {@code ExitCode}). The
 * command runs on a worker thread, never on the server's event loop, in the pod's own virtual file system.
 * <p>
 * The v4 protocol has no way to say "stdin is finished", so with {@code stdin=true} the session runs its command
 * once input has paused for {@value #STDIN_IDLE_MILLIS} ms (or none came within {@value #STDIN_WAIT_MILLIS} ms).
 */
final class ExecSession extends WebSocketListener {

    private static final Logger LOG = Logger.getLogger(ExecSession.class);
    static final long STDIN_IDLE_MILLIS = 300;
    static final long STDIN_WAIT_MILLIS = 1_000;

    private final PodRuntime pod;
    private final CommandSet commands;
    private final List<String> argv;
    private final boolean stdin;
    private final boolean stdout;
    private final boolean stderr;
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;
    private final ByteArrayOutputStream input = new ByteArrayOutputStream();
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile long openedAt;
    private volatile long lastInputAt;

    ExecSession(PodRuntime pod, CommandSet commands, List<String> argv, boolean stdin, boolean stdout, boolean stderr,
            ExecutorService workers, ScheduledExecutorService timer) {
        this.pod = pod;
        this.commands = commands;
        this.argv = argv;
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
        this.workers = workers;
        this.timer = timer;
    }

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
        openedAt = System.nanoTime();
        if (!stdin) {
            start(webSocket);
            return;
        }
        timer.schedule(() -> waitForInput(webSocket), STDIN_IDLE_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onMessage(WebSocket webSocket, byte[] bytes) {
        if (bytes.length == 0) {
            return;
        }
        if (bytes[0] == 0) {
            synchronized (input) {
                input.write(bytes, 1, bytes.length - 1);
            }
            lastInputAt = System.nanoTime();
        } else if ((bytes[0] & 0xff) == 255) {
            // v5's "close stdin" (channel 255): the input is complete
            start(webSocket);
        }
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
        onMessage(webSocket, text.getBytes(StandardCharsets.UTF_8));
    }

    private void waitForInput(WebSocket webSocket) {
        long now = System.nanoTime();
        boolean idle = lastInputAt != 0 && now - lastInputAt >= TimeUnit.MILLISECONDS.toNanos(STDIN_IDLE_MILLIS);
        boolean nothingCame = lastInputAt == 0 && now - openedAt >= TimeUnit.MILLISECONDS.toNanos(STDIN_WAIT_MILLIS);
        if (idle || nothingCame) {
            start(webSocket);
        } else if (!started.get()) {
            timer.schedule(() -> waitForInput(webSocket), 50, TimeUnit.MILLISECONDS);
        }
    }

    private void start(WebSocket webSocket) {
        if (started.compareAndSet(false, true)) {
            workers.execute(() -> run(webSocket));
        }
    }

    private void run(WebSocket webSocket) {
        String in;
        synchronized (input) {
            in = input.toString(StandardCharsets.UTF_8);
        }
        ExecResult result;
        try {
            Shell shell = new Shell(pod.fileSystem(), pod.processes(), commands, pod.name());
            result = shell.exec(argv, in);
        } catch (RuntimeException e) {
            LOG.errorf(e, "exec %s in %s failed", argv, pod.key());
            result = new ExecResult(126, "", "lab: exec failed: " + e + "\n");
        }
        LOG.infof("exec in %s: %s -> exit %d", pod.key(), argv, result.exitCode());
        if (stdout && !result.stdout().isEmpty()) {
            webSocket.send(frame(1, result.stdout()));
        }
        if (stderr && !result.stderr().isEmpty()) {
            webSocket.send(frame(2, result.stderr()));
        }
        webSocket.send(frame(3, status(result.exitCode())));
        webSocket.close(1000, "");
    }

    static String status(int exitCode) {
        ObjectNode status = ApiStatus.JSON.createObjectNode();
        status.putObject("metadata");
        if (exitCode == 0) {
            status.put("status", "Success");
            return status.toString();
        }
        status.put("status", "Failure")
                .put("message", "command terminated with non-zero exit code: exit status " + exitCode)
                .put("reason", "NonZeroExitCode");
        status.putObject("details").putArray("causes").addObject().put("reason", "ExitCode")
                .put("message", String.valueOf(exitCode));
        return status.toString();
    }

    private static byte[] frame(int channel, String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[payload.length + 1];
        frame[0] = (byte) channel;
        System.arraycopy(payload, 0, frame, 1, payload.length);
        return frame;
    }
}
