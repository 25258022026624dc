package io.c2intents.lab;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Diagnostic tool, not a test: why an exec through Fabric8's Vert.x client sometimes loses its answer although the
 * lab ran the command (the lost answers that {@code PodExec.runIdempotent} retries). Two parts:
 * <ol>
 * <li><b>late listener</b>, deterministic: opens {@code pods/exec} with Vert.x' own {@code HttpClient.webSocket(..)}
 * (what Fabric8 7.5.2's {@code VertxHttpClient.buildWebSocketDirect} calls) and registers its {@code onSuccess}, which
 * installs the frame handlers, only after the command has run, as happens when the thread that opened the exec is
 * descheduled between {@code webSocket(..)} returning and {@code .onSuccess(..)}. Vert.x' {@code ClientWebSocketImpl}
 * resumes the socket in its own completion listener, so the lab's frames are read with no handler installed and
 * dropped, and the close frame marks the socket closed: installing a handler then throws "WebSocket is closed"
 * (Fabric8: {@code VertxWebSocket.init} throws, the open never completes, "not ready after 30000 MILLISECONDS"); if
 * the listener runs between the dropped data frames and the close frame, the session ends without a Status (Fabric8:
 * the exit code completes empty). Nothing the lab sends after the 101 is safe from this.</li>
 * <li><b>stress</b>: N execs through Fabric8 from several threads while busy threads load the cores; counts the
 * execs whose exit code is missing or that time out (5 s).</li>
 * </ol>
 *
 * <pre>
 * mvn -B -o -q -pl lab-cluster package -DskipTests
 * java -cp "lab-cluster/target/test-classes:lab-cluster/target/classes:lab-cluster/target/lib/*" \
 *     io.c2intents.lab.ExecLostAnswerProbe [--late 5] [--execs 2000] [--threads 8] [--burners 1]
 * </pre>
 */
public final class ExecLostAnswerProbe {

    private ExecLostAnswerProbe() {
    }

    public static void main(String[] args) throws Exception {
        int late = intArg(args, "--late", 5);
        int execs = intArg(args, "--execs", 2000);
        int threads = intArg(args, "--threads", 8);
        int burners = intArg(args, "--burners", 1);
        try (LabCluster lab = LabCluster.start(LabConfig.forTests())) {
            KubernetesClient client = lab.client();
            client.apps().deployments().resource(Workloads.alpine("target", 1)).create();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (lab.pods().all().isEmpty() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            String pod = lab.pods().all().get(0).name();
            for (int i = 0; i < late; i++) {
                System.out.println("late listener " + (i + 1) + ": " + lateListener(lab, pod));
            }
            if (execs > 0) {
                stress(lab, client, pod, execs, threads, burners);
            }
        }
        System.exit(0);
    }

    /** One exec whose client installs its handlers only after the command ran; what it got. */
    static String lateListener(LabCluster lab, String pod) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            URI uri = URI.create(lab.kubernetesUrl());
            String marker = "/tmp/late-" + System.nanoTime();
            WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(uri.getHost())
                    .setPort(uri.getPort())
                    .setURI("/api/v1/namespaces/default/pods/" + pod + "/exec?command=sh&command=-c&command="
                            + URLEncoder.encode("echo out && echo done > " + marker, StandardCharsets.UTF_8)
                            + "&stdout=true&stderr=true")
                    .setSubProtocols(List.of("v4.channel.k8s.io"));
            Future<WebSocket> connect = vertx.createHttpClient().webSocket(options);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!(connect.isComplete() && lab.pods().find("default", pod).orElseThrow().fileSystem().stat(marker)
                    .isPresent()) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            // the lab writes its frames right after the command; give them time to reach the client (a tool, not a test)
            Thread.sleep(200);
            CompletableFuture<String> outcome = new CompletableFuture<>();
            StringBuilder stdout = new StringBuilder();
            connect.onSuccess(ws -> {
                try {
                    ws.frameHandler(frame -> {
                    });
                    ws.binaryMessageHandler(buffer -> {
                        byte[] bytes = buffer.getBytes();
                        String text = new String(bytes, 1, bytes.length - 1, StandardCharsets.UTF_8);
                        if (bytes[0] == 1) {
                            stdout.append(text);
                        } else if (bytes[0] == 3) {
                            outcome.complete("answer: stdout " + stdout.toString().trim() + ", status " + text);
                            ws.close();
                        }
                    });
                    ws.endHandler(v -> outcome.complete("LOST: closed without a Status (stdout '" + stdout + "')"));
                } catch (RuntimeException e) {
                    outcome.complete("LOST: installing the handlers threw " + e);
                }
            });
            try {
                return outcome.get(5, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                return "LOST: nothing within 5 s (stdout '" + stdout + "')";
            }
        } finally {
            vertx.close();
        }
    }

    static void stress(LabCluster lab, KubernetesClient labClient, String pod, int execs, int threads, int burners)
            throws Exception {
        AtomicBoolean busy = new AtomicBoolean(true);
        for (int b = 0; b < burners; b++) {
            Thread burner = new Thread(() -> {
                long x = 0;
                while (busy.get()) {
                    x += System.nanoTime() % 7;
                }
                if (x == 42) {
                    System.out.print("");
                }
            }, "cpu-burner-" + b);
            burner.setDaemon(true);
            burner.start();
        }
        Vertx vertx = Vertx.vertx();
        KubernetesClient client = new KubernetesClientBuilder().withConfig(labClient.getConfiguration())
                .withHttpClientFactory(new VertxHttpClientFactory(vertx)).build();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger empty = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long began = System.nanoTime();
        try {
            List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < execs; i++) {
                futures.add(pool.submit(() -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    try (ExecWatch watch = client.pods().withName(pod).writingOutput(out)
                            .exec("cat", "/etc/crontabs/root")) {
                        Integer code = watch.exitCode().get(5, TimeUnit.SECONDS);
                        if (code == null) {
                            empty.incrementAndGet();
                        } else if (code == 0 && out.size() > 0) {
                            ok.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                            failures.add("exit " + code + ", " + out.size() + " bytes of stdout");
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                        failures.add(e.toString());
                    }
                }));
            }
            for (java.util.concurrent.Future<?> f : futures) {
                f.get();
            }
        } finally {
            busy.set(false);
            pool.shutdownNow();
            client.close();
            vertx.close();
        }
        System.out.printf("stress: %d execs (%d threads, %d busy threads) in %d ms: %d answered, %d exit code empty,"
                + " %d timed out or failed%n", execs, threads, burners,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began), ok.get(), empty.get(), failed.get());
        failures.stream().limit(5).forEach(f -> System.out.println("  " + f));
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
