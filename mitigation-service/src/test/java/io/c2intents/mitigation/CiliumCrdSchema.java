package io.c2intents.mitigation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.ExecutionContext;
import com.networknt.schema.Format;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.c2intents.testsupport.SharedData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Cilium's real CiliumNetworkPolicy schema ({@code ../shared/data/cilium-crds/ciliumnetworkpolicies.yaml}, version
 * v2's {@code openAPIV3Schema}) as the API server applies it: Kubernetes' OpenAPI dialect turned into draft 4
 * ({@code nullable} adds "null", {@code x-kubernetes-int-or-string} means integer or string, the other
 * {@code x-kubernetes-*} markers carry no validation), plus the fields a structural schema would prune, which a
 * JSON Schema validator alone lets through. Skips the calling test when the shared data is absent.
 */
public final class CiliumCrdSchema {

    public static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final JsonNode openApi;
    private final JsonSchema schema;

    private CiliumCrdSchema(JsonNode openApi) {
        this.openApi = openApi;
        JsonMetaSchema draft4 = JsonMetaSchema.builder(JsonMetaSchema.getV4()).format(new CidrFormat()).build();
        JsonSchemaFactory factory = JsonSchemaFactory.builder(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4))
                .metaSchema(draft4).build();
        this.schema = factory.getSchema(toJsonSchema(openApi),
                SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
    }

    public static CiliumCrdSchema load() {
        Path crd = SharedData.require("cilium-crds/ciliumnetworkpolicies.yaml");
        try {
            for (JsonNode version : YAML.readTree(crd.toFile()).at("/spec/versions")) {
                if ("v2".equals(version.path("name").asText())) {
                    return new CiliumCrdSchema(version.at("/schema/openAPIV3Schema"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("no v2 schema in " + crd);
    }

    /** What the API server would say about the policy: schema violations and pruned fields. Empty when valid. */
    public List<String> problems(JsonNode policy) {
        List<String> problems = new ArrayList<>(schema.validate(policy).stream()
                .map(ValidationMessage::getMessage).toList());
        unknownFields(policy, openApi, "$", problems);
        return problems;
    }

    public List<String> problems(String yaml) {
        try {
            return problems(YAML.readTree(yaml));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void assertValid(Object policy) {
        JsonNode node = policy instanceof String yaml ? read(yaml) : YAML.valueToTree(policy);
        assertThat(problems(node)).as("problems of\n%s", node.toPrettyString()).isEmpty();
    }

    private static JsonNode read(String yaml) {
        try {
            return YAML.readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void unknownFields(JsonNode node, JsonNode schema, String path, List<String> problems) {
        if (node.isArray() && schema.has("items")) {
            for (int i = 0; i < node.size(); i++) {
                unknownFields(node.get(i), schema.get("items"), path + "[" + i + "]", problems);
            }
        } else if (node.isObject() && schema.has("properties")
                && !schema.path("x-kubernetes-preserve-unknown-fields").asBoolean()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                JsonNode fieldSchema = schema.get("properties").get(field.getKey());
                if (fieldSchema == null) {
                    problems.add(path + "." + field.getKey() + ": unknown field, the API server would prune it");
                } else {
                    unknownFields(field.getValue(), fieldSchema, path + "." + field.getKey(), problems);
                }
            }
        }
    }

    private static JsonNode toJsonSchema(JsonNode openApi) {
        JsonNode copy = openApi.deepCopy();
        convert(copy);
        return copy;
    }

    private static void convert(JsonNode node) {
        if (node instanceof ArrayNode array) {
            array.forEach(CiliumCrdSchema::convert);
            return;
        }
        if (!(node instanceof ObjectNode schema)) {
            return;
        }
        boolean intOrString = schema.path("x-kubernetes-int-or-string").asBoolean(false);
        boolean nullable = schema.path("nullable").asBoolean(false);
        List<String> drop = new ArrayList<>();
        schema.fieldNames().forEachRemaining(name -> {
            if (name.startsWith("x-kubernetes-") || name.equals("nullable")) {
                drop.add(name);
            }
        });
        schema.remove(drop);
        if (intOrString && !schema.has("type")) {
            schema.set("type", JsonNodeFactory.instance.arrayNode().add("integer").add("string"));
        }
        if (nullable && schema.has("type") && schema.get("type").isTextual()) {
            schema.set("type", JsonNodeFactory.instance.arrayNode().add(schema.get("type").asText()).add("null"));
        }
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
        schema.fields().forEachRemaining(fields::add);
        for (Map.Entry<String, JsonNode> field : fields) {
            switch (field.getKey()) {
                case "properties", "patternProperties", "definitions" -> field.getValue().forEach(CiliumCrdSchema::convert);
                case "items", "additionalProperties", "not", "allOf", "anyOf", "oneOf" -> convert(field.getValue());
                default -> {
                }
            }
        }
    }

    /** The {@code cidr} format the API server checks on Cilium's CIDR fields; unknown to a JSON Schema validator. */
    private static final class CidrFormat implements Format {

        private static final Pattern IPV4_CIDR = Pattern.compile(
                "^((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)/(3[0-2]|[12]?\\d)$");

        @Override
        public String getName() {
            return "cidr";
        }

        @Override
        public String getMessageKey() {
            return "format";
        }

        @Override
        public boolean matches(ExecutionContext context, String value) {
            // the service only ever writes IPv4 prefixes; an IPv6 one here would be a bug worth seeing
            return IPV4_CIDR.matcher(value).matches();
        }
    }
}
