package io.c2intents.lab.cilium;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a CRD's {@code openAPIV3Schema} (Kubernetes' structural OpenAPI v3 dialect) into a JSON Schema (draft 4)
 * that a general validator applies the way the API server does: {@code x-kubernetes-int-or-string} becomes "integer
 * or string", {@code nullable} adds "null" to the type, the other {@code x-kubernetes-*} markers (list and map
 * types, preserve-unknown-fields) carry no validation and go, and only the formats the API server checks are kept.
 */
final class OpenApiSchemas {

    /** Formats kube-openapi validates that matter for Cilium's CRDs; others are annotations there. */
    private static final Set<String> CHECKED_FORMATS = Set.of("cidr", "date-time", "ipv4", "ipv6");

    private OpenApiSchemas() {
    }

    static JsonNode toJsonSchema(JsonNode openApi) {
        JsonNode copy = openApi.deepCopy();
        convert(copy);
        return copy;
    }

    private static void convert(JsonNode node) {
        if (node instanceof ArrayNode array) {
            array.forEach(OpenApiSchemas::convert);
            return;
        }
        if (!(node instanceof ObjectNode schema)) {
            return;
        }
        boolean intOrString = schema.path("x-kubernetes-int-or-string").asBoolean(false);
        boolean nullable = schema.path("nullable").asBoolean(false);
        List<String> drop = new ArrayList<>();
        for (Iterator<String> names = schema.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (name.startsWith("x-kubernetes-") || name.equals("nullable") || name.equals("description")
                    || name.equals("example") || name.equals("externalDocs")) {
                drop.add(name);
            }
        }
        schema.remove(drop);
        if (schema.has("format") && !CHECKED_FORMATS.contains(schema.path("format").asText())) {
            schema.remove("format");
        }
        if (intOrString && !schema.has("type")) {
            schema.set("type", JsonNodeFactory.instance.arrayNode().add("integer").add("string"));
        }
        if (nullable && schema.has("type")) {
            JsonNode type = schema.get("type");
            ArrayNode types = type.isArray() ? (ArrayNode) type : JsonNodeFactory.instance.arrayNode().add(type);
            types.add("null");
            schema.set("type", types);
        }
        // Recurse into sub-schemas only: "properties" maps names to schemas, "required" holds names.
        for (Map.Entry<String, JsonNode> field : iterable(schema)) {
            switch (field.getKey()) {
                case "properties", "patternProperties", "definitions" -> field.getValue().forEach(OpenApiSchemas::convert);
                case "items", "additionalProperties", "not", "allOf", "anyOf", "oneOf" -> convert(field.getValue());
                default -> {
                }
            }
        }
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(ObjectNode node) {
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
        node.fields().forEachRemaining(fields::add);
        return fields;
    }
}
