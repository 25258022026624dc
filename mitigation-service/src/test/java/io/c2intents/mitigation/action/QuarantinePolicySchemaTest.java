package io.c2intents.mitigation.action;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.c2intents.events.MitigationMode;
import io.c2intents.events.MitigationRequest;
import io.c2intents.events.Target;
import io.c2intents.events.TouchedObject;
import io.c2intents.mitigation.CiliumCrdSchema;
import io.c2intents.mitigation.TestConfig;
import io.c2intents.mitigation.action.cilium.QuarantineAction;
import io.c2intents.mitigation.action.cilium.QuarantinePolicyFactory;
import io.c2intents.mitigation.action.cilium.QuarantineScope;
import io.c2intents.mitigation.config.MitigationConfig;
import io.c2intents.mitigation.cluster.Yaml;
import io.c2intents.testsupport.SharedData;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every CiliumNetworkPolicy the service can generate (both scopes, with and without C2 address and incident, pod
 * names short, long, dotted and at the 253-character limit) is one Cilium's real v2 CRD accepts, with no field the
 * API server would prune, and it selects exactly the label the pod gets. The dry-run's YAML is the same policy.
 */
class QuarantinePolicySchemaTest {

    private static final List<String> POD_NAMES = List.of(
            "target-7c9d8f6b5-x2k4q",
            "p",
            "a".repeat(63),
            "web.v2.example-" + "x".repeat(80),
            "z".repeat(253));

    private static CiliumCrdSchema schema;
    private static MitigationConfig config;
    private static Marks marks;
    private static QuarantinePolicyFactory factory;

    @BeforeAll
    static void load() {
        schema = CiliumCrdSchema.load();
        config = TestConfig.defaults();
        marks = new Marks(config);
        factory = new QuarantinePolicyFactory(marks);
    }

    static List<GenericKubernetesResource> everyPolicy() {
        List<GenericKubernetesResource> policies = new ArrayList<>();
        for (String pod : POD_NAMES) {
            for (String incident : new String[] {null, "inc-c2-lab-" + pod.substring(0, Math.min(pod.length(), 40))}) {
                policies.add(factory.policy("c2-lab", pod, QuarantineScope.ALL, null, incident));
                policies.add(factory.policy("c2-lab", pod, QuarantineScope.ALL, "1.1.1.1", incident));
                policies.add(factory.policy("c2-lab", pod, QuarantineScope.DESTINATION, "203.0.113.250", incident));
            }
        }
        return policies;
    }

    @Test
    void everyGeneratedPolicyValidatesAgainstCiliumsCrd() {
        List<GenericKubernetesResource> policies = everyPolicy();

        assertThat(policies).hasSize(POD_NAMES.size() * 6);
        for (GenericKubernetesResource policy : policies) {
            schema.assertValid(policy);
            // the YAML shown in events, as a person would kubectl apply it
            schema.assertValid(Yaml.of(policy));
            assertThat(policy.getMetadata().getName()).hasSizeLessThanOrEqualTo(253)
                    .matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
            policy.getMetadata().getLabels().values()
                    .forEach(v -> assertThat(v).hasSizeLessThanOrEqualTo(63).matches("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?"));
        }
    }

    @Test
    void fullQuarantineDeniesEverythingBothWaysForThePodsLabelOnly() {
        GenericKubernetesResource policy = factory.policy("c2-lab", "target-7c9d8f6b5-x2k4q", QuarantineScope.ALL,
                "1.1.1.1", "inc-1");
        JsonNode spec = CiliumCrdSchema.YAML.valueToTree(policy).get("spec");

        assertThat(policy.getMetadata().getName()).isEqualTo("c2-quarantine-target-7c9d8f6b5-x2k4q");
        assertThat(spec.at("/endpointSelector/matchLabels").toString())
                .isEqualTo("{\"c2.io/quarantine\":\"target-7c9d8f6b5-x2k4q\"}");
        assertThat(spec.at("/egressDeny/0/toEntities").toString()).isEqualTo("[\"all\"]");
        assertThat(spec.at("/ingressDeny/0/fromEntities").toString()).isEqualTo("[\"all\"]");
        assertThat(spec.has("enableDefaultDeny")).isFalse();
        assertThat(policy.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "c2-intents");
    }

    @Test
    void destinationQuarantineDeniesOnlyTheC2AndKeepsDefaultAllow() {
        GenericKubernetesResource policy = factory.policy("c2-lab", "target-7c9d8f6b5-x2k4q",
                QuarantineScope.DESTINATION, "1.1.1.1", null);
        JsonNode spec = CiliumCrdSchema.YAML.valueToTree(policy).get("spec");

        assertThat(spec.at("/egressDeny").toString()).isEqualTo("[{\"toCIDR\":[\"1.1.1.1/32\"]}]");
        assertThat(spec.has("ingressDeny")).isFalse();
        assertThat(spec.at("/enableDefaultDeny").toString()).isEqualTo("{\"egress\":false,\"ingress\":false}");
    }

    @Test
    void longPodNamesGetDistinctValidNamesAndLabels() {
        String a = "z".repeat(252) + "a";
        String b = "z".repeat(252) + "b";

        assertThat(marks.quarantinePolicyName(a)).isNotEqualTo(marks.quarantinePolicyName(b)).hasSizeLessThanOrEqualTo(253);
        assertThat(marks.podLabelValue(a)).isNotEqualTo(marks.podLabelValue(b)).hasSizeLessThanOrEqualTo(63);
    }

    @Test
    void dryRunYamlIsTheValidPolicyAndTheLabelItSelects() throws IOException {
        QuarantineAction action = new QuarantineAction(null, factory, marks, new Guardrails(config));
        for (String scope : List.of("all", "destination")) {
            MitigationRequest request = new MitigationRequest(1, "req-1", MitigationMode.DRY_RUN,
                    QuarantineAction.ADDRESS, null, Target.pod("c2-lab", "target-1"),
                    Map.of("scope", scope, "c2Address", "1.1.1.1"), null, null, null, null, null);
            ActionInput input = new ActionInput(request, request.target(), ActionParameters.validate(
                    QuarantineAction.ADDRESS, action.descriptor().parameters(), request.parameters()));

            Plan plan = action.plan(input);

            TouchedObject policy = plan.objects().stream().filter(o -> o.kind().equals("CiliumNetworkPolicy"))
                    .findFirst().orElseThrow();
            TouchedObject pod = plan.objects().stream().filter(o -> o.kind().equals("Pod")).findFirst().orElseThrow();
            schema.assertValid(policy.yaml());
            JsonNode selected = CiliumCrdSchema.YAML.readTree(policy.yaml()).at("/spec/endpointSelector/matchLabels");
            JsonNode labelled = CiliumCrdSchema.YAML.readTree(pod.yaml()).at("/metadata/labels");
            assertThat(labelled).isEqualTo(selected);
        }
    }

    @Test
    void theCheckRefusesBrokenPoliciesAndAcceptsCiliumsOwnExamples() throws IOException {
        JsonNode good = CiliumCrdSchema.YAML.valueToTree(factory.policy("c2-lab", "p", QuarantineScope.ALL, null, null));
        ObjectNode wrongEntity = good.deepCopy();
        ((ObjectNode) wrongEntity.at("/spec/egressDeny/0")).putArray("toEntities").add("everything");
        ObjectNode misspelt = good.deepCopy();
        ((ObjectNode) misspelt.get("spec")).set("egresDeny", ((ObjectNode) misspelt.get("spec")).remove("egressDeny"));
        ObjectNode badCidr = CiliumCrdSchema.YAML.valueToTree(
                factory.policy("c2-lab", "p", QuarantineScope.DESTINATION, "1.1.1.1", null));
        ((ObjectNode) badCidr.at("/spec/egressDeny/0")).putArray("toCIDR").add("1.1.1.1/33");

        assertThat(schema.problems(wrongEntity)).anySatisfy(p -> assertThat(p).contains("toEntities"));
        assertThat(schema.problems(misspelt)).contains("$.spec.egresDeny: unknown field, the API server would prune it");
        assertThat(schema.problems(badCidr)).isNotEmpty();

        Path examples = SharedData.require("cilium-policies");
        try (Stream<Path> files = Files.list(examples)) {
            List<Path> checked = files.filter(f -> f.getFileName().toString().startsWith("cilium__l3__"))
                    .sorted().toList();
            assertThat(checked).isNotEmpty();
            for (Path file : checked) {
                for (JsonNode doc : CiliumCrdSchema.YAML.readValues(CiliumCrdSchema.YAML.createParser(file.toFile()),
                        JsonNode.class).readAll()) {
                    if ("CiliumNetworkPolicy".equals(doc.path("kind").asText())) {
                        assertThat(schema.problems(doc)).as(file.toString()).isEmpty();
                    }
                }
            }
        }
    }
}
