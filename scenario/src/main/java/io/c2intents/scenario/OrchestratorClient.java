package io.c2intents.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

/** The orchestrator's public REST API, as any user would call it: JSON over HTTP with a bearer token. */
final class OrchestratorClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    OrchestratorClient(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    JsonNode get(String path, Map<String, String> query) {
        return send(HttpRequest.newBuilder(uri(path, query)).GET());
    }

    JsonNode get(String path) {
        return get(path, Map.of());
    }

    JsonNode post(String path, String jsonBody) {
        return send(HttpRequest.newBuilder(uri(path, Map.of()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody == null ? "{}" : jsonBody)));
    }

    private JsonNode send(HttpRequest.Builder builder) {
        builder.timeout(Duration.ofSeconds(30)).header("Accept", "application/json");
        if (token != null && !token.isBlank()) {
            builder.header("Authorization", "Bearer " + token);
        }
        HttpRequest request = builder.build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 400) {
                throw new ApiException(request.method() + " " + request.uri().getPath() + " answered "
                        + response.statusCode() + ": " + response.body());
            }
            String body = response.body();
            return body == null || body.isBlank() ? JSON.nullNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw new ApiException(request.method() + " " + request.uri() + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException("interrupted");
        }
    }

    private URI uri(String path, Map<String, String> query) {
        StringJoiner q = new StringJoiner("&");
        query.forEach((k, v) -> q.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return base.resolve(path + (q.length() == 0 ? "" : "?" + q));
    }

    /** The orchestrator answered with an error, or could not be reached. */
    static final class ApiException extends RuntimeException {
        ApiException(String message) {
            super(message);
        }
    }
}
