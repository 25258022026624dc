package io.c2intents.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CiliumNetworkPolicy in the mitigation-event example is one the API server would accept (Cilium's real
 * v2 CRD schema from {@code ../shared/data/cilium-crds}) and actually quarantines the labelled pod; the docs show
 * it as what the system applies.
 */
class QuarantineExamplePolicyTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern LABEL_VALUE = Pattern.compile("^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$");

    private static JsonNode crdSchema;
    private static MitigationEvent event;

    @BeforeAll
    static void load() throws IOException {
        String dir = System.getProperty("shared.data.dir");
        Path crd = dir == null ? null : Path.of(dir, "cilium-crds", "ciliumnetworkpolicies.yaml");
        assumeTrue(crd != null && Files.isRegularFile(crd),
                "skipped: Cilium's CRD is absent (shared.data.dir=" + dir + ")");
        for (JsonNode version : YAML.readTree(crd.toFile()).at("/spec/versions")) {
            if ("v2".equals(version.path("name").asText())) {
                crdSchema = version.at("/schema/openAPIV3Schema");
            }
        }
        assertThat(crdSchema).as("v2 schema in " + crd).isNotNull();
        event = Contracts.MITIGATION_EVENT.read(Examples.text(Contracts.MITIGATION_EVENT));
    }

    private static String yamlOf(String kind) {
        return event.objects().stream().filter(o -> o.kind().equals(kind)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " in the example")).yaml();
    }

    /** What the API server would say: schema violations, plus fields it would silently prune. */
    private static List<String> problems(JsonNode policy) {
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(crdSchema);
        List<String> problems = new ArrayList<>(schema.validate(policy).stream().map(ValidationMessage::getMessage).toList());
        unknownFields(policy, crdSchema, "$", problems);
        return problems;
    }

    /** A structural schema prunes unknown fields; a misspelt {@code egresDeny} would vanish, and the pod stay open. */
    private static void unknownFields(JsonNode node, JsonNode schema, String path, List<String> problems) {
        if (node.isArray() && schema.has("items")) {
            for (int i = 0; i < node.size(); i++) {
                unknownFields(node.get(i), schema.get("items"), path + "[" + i + "]", problems);
            }
        } else if (node.isObject() && schema.has("properties")
                && !schema.path("x-kubernetes-preserve-unknown-fields").asBoolean()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
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

    @Test
    void policyIsValidAgainstCiliumsCrd() throws IOException {
        JsonNode policy = YAML.readTree(yamlOf("CiliumNetworkPolicy"));

        assertThat(policy.path("apiVersion").asText()).isEqualTo("cilium.io/v2");
        assertThat(policy.path("kind").asText()).isEqualTo("CiliumNetworkPolicy");
        assertThat(problems(policy)).isEmpty();
    }

    @Test
    void theCheckRefusesABrokenPolicy() throws IOException {
        ObjectNode wrongEntity = (ObjectNode) YAML.readTree(yamlOf("CiliumNetworkPolicy"));
        ((ObjectNode) wrongEntity.at("/spec/egressDeny/0")).putArray("toEntities").add("everything");
        ObjectNode misspelt = (ObjectNode) YAML.readTree(yamlOf("CiliumNetworkPolicy"));
        ((ObjectNode) misspelt.get("spec")).set("egresDeny", ((ObjectNode) misspelt.get("spec")).remove("egressDeny"));

        assertThat(problems(wrongEntity)).anySatisfy(p -> assertThat(p).contains("toEntities"));
        assertThat(problems(misspelt)).containsExactly("$.spec.egresDeny: unknown field, the API server would prune it");
    }

    @Test
    void policyDeniesAllTrafficOfThePodTheEventLabelled() throws IOException {
        JsonNode policy = YAML.readTree(yamlOf("CiliumNetworkPolicy"));
        JsonNode podPatch = YAML.readTree(yamlOf("Pod"));
        Map<String, String> applied = YAML.convertValue(podPatch.at("/metadata/labels"), Map.class);
        Map<String, String> selected = YAML.convertValue(policy.at("/spec/endpointSelector/matchLabels"), Map.class);

        assertThat(policy.at("/metadata/namespace").asText()).isEqualTo(event.target().namespace());
        assertThat(applied).as("the pod gets every label the policy selects").containsAllEntriesOf(selected);
        assertThat(selected).containsEntry("c2intents.io/quarantine", event.target().name());
        assertThat(policy.at("/spec/egressDeny/0/toEntities").toString()).isEqualTo("[\"all\"]");
        assertThat(policy.at("/spec/ingressDeny/0/fromEntities").toString()).isEqualTo("[\"all\"]");
        assertThat(policy.at("/metadata/labels")).allSatisfy(v -> assertThat(v.asText()).matches(LABEL_VALUE));
        assertThat(selected.values()).allSatisfy(v -> assertThat(v).matches(LABEL_VALUE));
    }
}
