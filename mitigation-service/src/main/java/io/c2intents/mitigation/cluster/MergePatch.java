package io.c2intents.mitigation.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.HashMap;
import java.util.Map;

/**
 * JSON merge patches (RFC 7386), for setting keys. Strategic merge and server-side apply are not served by every API
 * server the service meets (the lab's is one), merge patches are. Keys are removed with {@link JsonPatch}.
 */
public final class MergePatch {

    public static final PatchContext CONTEXT = PatchContext.of(PatchType.JSON_MERGE);

    /** Plain Jackson: the contracts' mapper leaves out nulls and would change a patch's meaning. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private MergePatch() {
    }

    public static String json(Object patch) {
        try {
            return JSON.writeValueAsString(patch);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write merge patch", e);
        }
    }

    /** {@code {"metadata": {"labels": {key: value}}}}. */
    public static Map<String, Object> label(String key, String value) {
        return Map.of("metadata", Map.of("labels", entry(key, value)));
    }

    /** A map with one key whose value may be null (Map.of refuses nulls). */
    public static Map<String, Object> entry(String key, Object value) {
        Map<String, Object> map = new HashMap<>();
        map.put(key, value);
        return map;
    }
}
