package io.c2intents.orchestrator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/** Reads a server-sent event stream in the background and keeps every {@code data:} line, for tests. */
public final class SseClient implements AutoCloseable {

    private final List<String> data = new CopyOnWriteArrayList<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    private final HttpResponse<Stream<String>> opened;

    private SseClient(URI uri) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET().build();
        response = client.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        // the headers arrive once the server subscribed to the live view
        opened = response.get(20, TimeUnit.SECONDS);
        Thread reader = new Thread(() -> {
            try {
                opened.body().forEach(line -> {
                    if (line.startsWith("data:")) {
                        data.add(line.substring(5).trim());
                    }
                });
            } catch (java.io.UncheckedIOException closed) {
                // close() ended the stream
            }
        }, "sse-" + uri.getPath());
        reader.setDaemon(true);
        reader.start();
    }

    public static SseClient open(URI uri) throws Exception {
        return new SseClient(uri);
    }

    public int status() {
        return opened.statusCode();
    }

    public String contentType() {
        return opened.headers().firstValue("content-type").orElse("");
    }

    /** Waits for an event whose data contains {@code text}, and returns it. */
    public String await(String text, Duration timeout) {
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(50))
                .until(() -> data.stream().anyMatch(d -> d.contains(text)));
        return data.stream().filter(d -> d.contains(text)).findFirst().orElseThrow();
    }

    public List<String> events() {
        return List.copyOf(data);
    }

    @Override
    public void close() {
        opened.body().close();
        response.cancel(true);
    }
}
