package io.c2intents.lab.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.List;

/**
 * The {@code Status} objects an API server answers errors (and some successes) with, so clients read the reason as
 * they would from a real cluster: Fabric8 puts {@code message} in its exception, kubectl prints it.
 */
public final class ApiStatus {

    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One cause of an invalid object.
     *
     * @param reason e.g. {@code FieldValueInvalid}, {@code FieldValueRequired}
     * @param field the offending field, as {@code spec.egress[0].toCIDR[0]}
     */
    public record Cause(String reason, String message, String field) {
    }

    private ApiStatus() {
    }

    /** A Failure status. */
    public static MockResponse failure(int code, String reason, String message) {
        return json(code, body(code, "Failure", reason, message, null));
    }

    /** A Success status (e.g. the 201 of an eviction). */
    public static MockResponse success(int code) {
        return json(code, body(code, "Success", null, null, null));
    }

    /** 404 as the API server words it: {@code pods "x" not found}. */
    public static MockResponse notFound(String group, String resource, String name) {
        ObjectNode details = JSON.createObjectNode().put("name", name).put("kind", resource);
        if (group != null && !group.isEmpty()) {
            details.put("group", group);
        }
        String qualified = group == null || group.isEmpty() ? resource : resource + "." + group;
        return json(404, body(404, "Failure", "NotFound", qualified + " \"" + name + "\" not found", details));
    }

    /** 422 Invalid with its causes, as the API server answers an object that fails validation. */
    public static MockResponse invalid(String group, String kind, String name, List<Cause> causes) {
        ObjectNode details = JSON.createObjectNode().put("name", name == null ? "" : name).put("kind", kind);
        if (group != null && !group.isEmpty()) {
            details.put("group", group);
        }
        ArrayNode list = details.putArray("causes");
        StringBuilder summary = new StringBuilder();
        for (Cause cause : causes) {
            list.addObject().put("reason", cause.reason()).put("message", cause.message()).put("field", cause.field());
            summary.append(summary.length() == 0 ? "" : ", ").append(cause.field()).append(": ").append(cause.message());
        }
        String qualified = group == null || group.isEmpty() ? kind : kind + "." + group;
        String message = qualified + " \"" + (name == null ? "" : name) + "\" is invalid: "
                + (causes.size() == 1 ? summary : "[" + summary + "]");
        return json(422, body(422, "Failure", "Invalid", message, details));
    }

    static ObjectNode body(int code, String status, String reason, String message, ObjectNode details) {
        ObjectNode body = JSON.createObjectNode();
        body.put("kind", "Status").put("apiVersion", "v1");
        body.putObject("metadata");
        body.put("status", status);
        if (message != null) {
            body.put("message", message);
        }
        if (reason != null) {
            body.put("reason", reason);
        }
        if (details != null) {
            body.set("details", details);
        }
        body.put("code", code);
        return body;
    }

    static MockResponse json(int code, Object body) {
        try {
            return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
                    .setBody(body instanceof String text ? text : JSON.writeValueAsString(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
