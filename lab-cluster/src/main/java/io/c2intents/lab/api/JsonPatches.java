package io.c2intents.lab.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.zjsonpatch.JsonPatch;
import java.util.Iterator;
import java.util.Map;

/** The two patch types the lab accepts: JSON merge patch (RFC 7386) and JSON patch (RFC 6902). */
final class JsonPatches {

    static final String MERGE = "application/merge-patch+json";
    static final String JSON = "application/json-patch+json";
    static final String STRATEGIC = "application/strategic-merge-patch+json";
    static final String APPLY = "application/apply-patch+yaml";

    private JsonPatches() {
    }

    /** Applies {@code patch} of {@code contentType} to a copy of {@code target}. */
    static JsonNode apply(String contentType, JsonNode target, JsonNode patch) {
        if (contentType != null && contentType.startsWith(JSON)) {
            return JsonPatch.apply(patch, target.deepCopy());
        }
        return merge(target.deepCopy(), patch);
    }

    /** Whether a {@code null} stands anywhere in {@code node}: in a merge patch, a key to delete. */
    static boolean hasNull(JsonNode node) {
        if (node.isNull()) {
            return true;
        }
        for (JsonNode child : node) {
            if (hasNull(child)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a strategic merge patch holds only objects and scalars, with no {@code $}-directive key: then it
     * means the same as a JSON merge patch.
     */
    static boolean plainMerge(JsonNode node) {
        if (node.isArray()) {
            return false;
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().startsWith("$") || !plainMerge(field.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode merge(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject() ? (ObjectNode) target
                : ApiStatus.JSON.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> fields = patch.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isNull()) {
                result.remove(field.getKey());
            } else {
                result.set(field.getKey(), merge(result.get(field.getKey()), field.getValue()));
            }
        }
        return result;
    }
}
