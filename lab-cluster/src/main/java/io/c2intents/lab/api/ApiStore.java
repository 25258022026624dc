package io.c2intents.lab.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The lab's own, in-process access to the objects the API serves: the same store clients read and write over
 * HTTP, through the same CRUD logic (resource versions, watch events), without a network round trip. Used by the
 * controller and by the endpoints the mock does not have (eviction, scale). Writes are reported back to the
 * dispatcher so the controller and the policy store see them like any client's.
 */
public final class ApiStore {

    private static final ObjectMapper JSON = Serialization.jsonMapper();

    private final Function<RecordedRequest, MockResponse> backend;
    private final WriteListener writes;

    /** Told about every successful write, whoever made it. */
    @FunctionalInterface
    public interface WriteListener {
        void written(String method, ApiPath path);
    }

    public ApiStore(Function<RecordedRequest, MockResponse> backend, WriteListener writes) {
        this.backend = backend;
        this.writes = writes;
    }

    /** The object at {@code path}, or empty on 404. */
    public <T> Optional<T> get(String path, Class<T> type) {
        MockResponse response = call(HttpMethod.GET, path, null, null);
        if (response.code() == 404) {
            return Optional.empty();
        }
        check(response, "GET", path);
        return Optional.of(read(body(response), type));
    }

    /** The items of the collection at {@code path}. */
    public <T> List<T> list(String path, Class<T> type) {
        MockResponse response = call(HttpMethod.GET, path, null, null);
        check(response, "GET", path);
        try {
            JsonNode items = JSON.readTree(body(response)).path("items");
            List<T> result = new ArrayList<>(items.size());
            for (JsonNode item : items) {
                result.add(JSON.treeToValue(item, type));
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates an object in the collection at {@code collectionPath}; returns it as stored. */
    public <T> T create(String collectionPath, T object) {
        MockResponse response = call(HttpMethod.POST, collectionPath, "application/json", write(object));
        check(response, "POST", collectionPath);
        @SuppressWarnings("unchecked")
        T created = (T) read(body(response), object.getClass());
        return created;
    }

    /** Applies a JSON merge patch to the object (or its {@code /status}) at {@code path}. */
    public void mergePatch(String path, Object patch) {
        MockResponse response = call(HttpMethod.PATCH, path, "application/merge-patch+json",
                patch instanceof String text ? text : write(patch));
        check(response, "PATCH", path);
    }

    /** Deletes the object, or every object of a collection path; false when there was none. */
    public boolean delete(String path) {
        MockResponse response = call(HttpMethod.DELETE, path, null, null);
        if (response.code() == 404) {
            return false;
        }
        check(response, "DELETE", path);
        return true;
    }

    /** Parses JSON into a model class with Fabric8's mapper. */
    public static <T> T read(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a model object as JSON with Fabric8's mapper. */
    public static String write(Object object) {
        try {
            return JSON.writeValueAsString(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private MockResponse call(HttpMethod method, String path, String contentType, String body) {
        Headers.Builder headers = Headers.builder();
        if (contentType != null) {
            headers.add("Content-Type", contentType);
        }
        RecordedRequest request = new RecordedRequest("HTTP/1.1", method, path, headers.build(),
                new Buffer().writeUtf8(body == null ? "" : body));
        MockResponse response = backend.apply(request);
        if (method != HttpMethod.GET && response.code() >= 200 && response.code() < 300) {
            ApiPath parsed = ApiPath.parse(QueryString.parse(path).path());
            if (parsed != null) {
                writes.written(method.name(), parsed);
            }
        }
        return response;
    }

    private static String body(MockResponse response) {
        Buffer body = response.getBody();
        return body == null ? "" : new String(body.getBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void check(MockResponse response, String method, String path) {
        if (response.code() < 200 || response.code() >= 300) {
            throw new ApiException(response.code(), method + " " + path + " answered " + response.code() + ": "
                    + body(response));
        }
    }
}
