package io.c2intents.simulator.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SpecVersion;
import io.c2intents.simulator.config.SimulatorConfig;
import io.c2intents.testsupport.SharedData;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The experiment's manifests as the simulator sends them: what the reference scenario needs, valid for Cilium. */
class ExperimentManifestsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void twoDeploymentsOfFourAlpinePodsRunningCrondAndPingingOnTheConfiguredInterval() {
        List<Deployment> deployments = manifests(Duration.ofSeconds(7)).deployments("lab-x");

        assertThat(deployments).extracting(d -> d.getMetadata().getName()).containsExactly("benign", "target");
        for (Deployment d : deployments) {
            assertThat(d.getMetadata().getNamespace()).isEqualTo("lab-x");
            assertThat(d.getSpec().getReplicas()).isEqualTo(4);
            assertThat(d.getMetadata().getLabels()).containsEntry("app.kubernetes.io/part-of", "c2-experiment");
            assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
                    .containsEntry("app.kubernetes.io/part-of", "c2-experiment")
                    .containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels());
            Container container = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(container.getImage()).isEqualTo("alpine:3.20");
            assertThat(container.getCommand()).containsExactly("sh", "-c",
                    "crond; while true; do ping -c 1 8.8.8.8; sleep 7; done");
            assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
            assertThat(container.getResources().getLimits()).containsKeys("cpu", "memory");
        }
        assertThat(deployments.get(1).getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry("c2.io/role", "target");
        assertThat(deployments.get(0).getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry("c2.io/role", "benign");
    }

    @Test
    void aSubSecondIntervalIsRefusedRatherThanRounded() {
        assertThatThrownBy(() -> manifests(Duration.ofMillis(300)).deployments("lab-x"))
                .hasMessageContaining("simulator.ping-interval");
    }

    @Test
    void theDefaultPolicyLetsTheTargetsReachTheWorldAndMeetsCiliumsOwnSchema() throws IOException {
        GenericKubernetesResource policy = manifests(Duration.ofSeconds(5)).defaultPolicy("lab-x");
        JsonNode node = JSON.valueToTree(policy);

        assertThat(node.at("/metadata/namespace").asText()).isEqualTo("lab-x");
        assertThat(node.at("/metadata/labels/app.kubernetes.io~1part-of").asText()).isEqualTo("c2-experiment");
        assertThat(node.at("/spec/endpointSelector/matchLabels/c2.io~1role").asText()).isEqualTo("target");
        assertThat(node.at("/spec/egress/0/toEntities/0").asText()).isEqualTo("world");

        JsonSchema schema = ciliumNetworkPolicySchema();
        assertThat(schema.validate(node)).isEmpty();
        // the check bites: an entity Cilium does not know is refused
        ObjectNode broken = node.deepCopy();
        ((ObjectNode) broken.at("/spec/egress/0")).putArray("toEntities").add("internet");
        assertThat(schema.validate(broken)).isNotEmpty();
    }

    private static JsonSchema ciliumNetworkPolicySchema() throws IOException {
        Path crd = SharedData.require("cilium-crds/ciliumnetworkpolicies.yaml");
        JsonNode versions = YAML.readTree(crd.toFile()).at("/spec/versions");
        for (JsonNode version : versions) {
            if ("v2".equals(version.path("name").asText())) {
                // Kubernetes' structural-schema markers say nothing about validity
                JsonMetaSchema meta = JsonMetaSchema.builder(JsonMetaSchema.getV4())
                        .keywords(List.of(new NonValidationKeyword("x-kubernetes-int-or-string"),
                                new NonValidationKeyword("x-kubernetes-list-type"),
                                new NonValidationKeyword("x-kubernetes-map-type"),
                                new NonValidationKeyword("x-kubernetes-list-map-keys"),
                                new NonValidationKeyword("x-kubernetes-preserve-unknown-fields")))
                        .build();
                return JsonSchemaFactory.builder(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4))
                        .metaSchema(meta).defaultMetaSchemaIri(meta.getIri()).build()
                        .getSchema(version.at("/schema/openAPIV3Schema"));
            }
        }
        throw new AssertionError("no v2 in " + crd);
    }

    static ExperimentManifests manifests(Duration pingInterval) {
        return new ExperimentManifests(new SimulatorConfig() {
            @Override
            public String namespace() {
                return "c2-lab";
            }

            @Override
            public java.util.List<String> protectedNamespaces() {
                return java.util.List.of("kube-system");
            }

            @Override
            public Duration pingInterval() {
                return pingInterval;
            }

            @Override
            public String c2Address() {
                return "1.1.1.1";
            }

            @Override
            public String schedule() {
                return "* * * * *";
            }

            @Override
            public Duration rolloutTimeout() {
                return Duration.ofSeconds(10);
            }

            @Override
            public Duration execTimeout() {
                return Duration.ofSeconds(10);
            }

            @Override
            public Reset reset() {
                throw new UnsupportedOperationException();
            }
        });
    }
}
