package io.c2intents.mitigation.cluster;

import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON patches (RFC 6902) that remove keys. Removal is what they are for here: a merge patch deletes a key with a
 * null value, which not every server that speaks the Kubernetes API honours (the lab's mock keeps the null), while
 * a {@code remove} operation means the same everywhere. A {@code remove} of an absent path is an error, so callers
 * name only paths they saw on the object they just read.
 */
public final class JsonPatch {

    public static final PatchContext CONTEXT = PatchContext.of(PatchType.JSON);

    private final List<Map<String, Object>> operations = new ArrayList<>();

    public static JsonPatch create() {
        return new JsonPatch();
    }

    /** Removes {@code metadata.labels[key]}. */
    public JsonPatch removeLabel(String key) {
        return remove("/metadata/labels/" + escape(key));
    }

    /** Removes {@code metadata.annotations[key]}. */
    public JsonPatch removeAnnotation(String key) {
        return remove("/metadata/annotations/" + escape(key));
    }

    /** Removes the value at a JSON pointer. */
    public JsonPatch remove(String pointer) {
        Map<String, Object> operation = new LinkedHashMap<>();
        operation.put("op", "remove");
        operation.put("path", pointer);
        operations.add(operation);
        return this;
    }

    public boolean isEmpty() {
        return operations.isEmpty();
    }

    public List<Map<String, Object>> operations() {
        return List.copyOf(operations);
    }

    public String json() {
        return MergePatch.json(operations);
    }

    /** RFC 6901: {@code ~} and {@code /} in a key. */
    static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
