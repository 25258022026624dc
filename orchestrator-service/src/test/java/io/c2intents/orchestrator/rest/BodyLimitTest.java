package io.c2intents.orchestrator.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.c2intents.events.EventJson;
import io.c2intents.orchestrator.Fixtures;
import io.c2intents.testsupport.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Bodies over the limit (256 KiB) are refused with 413 problem+json saying what the limit is: a 1 MB body gave
 * 500 with Kafka's max.request.size message, a 20 MB body 413 with an empty body, and a chunked body (no
 * Content-Length) over the limit 413 with an empty body too.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class BodyLimitTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void aOneMegabyteBodyIs413WithAProblem() throws IOException {
        assertTooLarge(post("/api/intents/big-one", 1_100_000));
    }

    @Test
    void aTwentyMegabyteBodyIs413WithAProblem() throws IOException {
        assertTooLarge(post("/api/mitigations", 20 * 1024 * 1024));
    }

    @Test
    void aBodyUnderTheLimitStillReachesTheApi() throws IOException {
        String answer = post("/api/mitigations", 10_000);
        assertThat(answer).startsWith("HTTP/1.1 400");
    }

    @Test
    void aChunkedBodyOverTheLimitIs413WithAProblem() throws Exception {
        HttpResponse<String> answer = chunked("PUT", "/api/intents/big-chunked", jsonOf(1_100_000));
        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(answer.headers().firstValue("content-type")).hasValue(Problem.MEDIA_TYPE);
        JsonNode problem = EventJson.MAPPER.readTree(answer.body());
        assertThat(problem.path("status").asInt()).isEqualTo(413);
        assertThat(problem.path("title").asText()).isEqualTo("Payload too large");
        assertThat(problem.path("instance").asText()).isEqualTo("/api/intents/big-chunked");
        assertThat(problem.path("detail").asText()).contains("sent without Content-Length")
                .contains("at most 262144 bytes (256 KiB)").contains("Send a smaller body");
    }

    @Test
    void aChunkedBodyUnderTheLimitIsReadByTheApi() throws Exception {
        String name = Fixtures.uniquePod("chunked");
        byte[] intent = IntentResourceTest.intentBody(name).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> answer = chunked("PUT", "/api/intents/" + name, intent);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        assertThat(EventJson.MAPPER.readTree(answer.body()).path("commandId").asText()).isEqualTo(name);

        HttpResponse<String> invalid = chunked("POST", "/api/mitigations", jsonOf(10_000));
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.headers().firstValue("content-type")).hasValue(Problem.MEDIA_TYPE);
    }

    /**
     * Sends {@code body} without a Content-Length: {@link BodyPublishers#ofInputStream} has no known length, so
     * the JDK client sends it with {@code Transfer-Encoding: chunked}.
     */
    HttpResponse<String> chunked(String method, String path, byte[] body) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(base.toURI().resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer test-token").header("Content-Type", "application/json")
                .method(method, BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** A JSON object of {@code length} bytes: braces around spaces. */
    static byte[] jsonOf(int length) {
        byte[] body = new byte[length];
        Arrays.fill(body, (byte) ' ');
        body[0] = '{';
        body[length - 1] = '}';
        return body;
    }

    static void assertTooLarge(String answer) throws IOException {
        assertThat(answer).startsWith("HTTP/1.1 413");
        assertThat(answer.toLowerCase()).contains("content-type: application/problem+json");
        JsonNode problem = EventJson.MAPPER.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
        assertThat(problem.path("status").asInt()).isEqualTo(413);
        assertThat(problem.path("detail").asText()).contains("at most 262144 bytes (256 KiB)");
    }

    /**
     * Declares a JSON body of {@code length} bytes and sends as much of it as the server reads, then returns the
     * raw answer (status line, headers, body). A raw socket, because the server answers before the body is read.
     */
    String post(String path, int length) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            String method = path.startsWith("/api/intents/") ? "PUT" : "POST";
            out.write((method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer test-token\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) ' ');
            chunk[0] = '{';
            try {
                for (int sent = 0; sent < length; sent += chunk.length) {
                    int n = Math.min(chunk.length, length - sent);
                    if (sent + n == length) {
                        chunk[n - 1] = '}';
                    }
                    out.write(chunk, 0, n);
                    chunk[0] = ' ';
                }
                out.flush();
            } catch (IOException closedEarly) {
                // the server answered and closed without reading the rest: what a large body should get
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    answer.write(buffer, 0, n);
                }
            } catch (IOException reset) {
                // a reset after the answer arrived
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }
}
