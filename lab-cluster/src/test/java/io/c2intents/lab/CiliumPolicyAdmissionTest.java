package io.c2intents.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Cilium policies are admitted or refused against Cilium's real CRD schema, as an API server with the CRDs does. */
class CiliumPolicyAdmissionTest {

    private static final ResourceDefinitionContext CNP = new ResourceDefinitionContext.Builder()
            .withGroup("cilium.io").withVersion("v2").withPlural("ciliumnetworkpolicies")
            .withKind("CiliumNetworkPolicy").withNamespaced(true).build();
    private static final ResourceDefinitionContext CCNP = new ResourceDefinitionContext.Builder()
            .withGroup("cilium.io").withVersion("v2").withPlural("ciliumclusterwidenetworkpolicies")
            .withKind("CiliumClusterwideNetworkPolicy").withNamespaced(false).build();

    private static Path shared;
    private static LabCluster lab;
    private static KubernetesClient client;

    @BeforeAll
    static void start() {
        String dir = System.getProperty("shared.data.dir", "../../shared/data");
        shared = Path.of(dir);
        assumeThat(Files.isDirectory(shared.resolve("cilium-crds")))
                .as("skipped: ../shared/data/cilium-crds not found (system property shared.data.dir=%s); "
                        + "it holds Cilium's real CRDs", dir)
                .isTrue();
        lab = LabCluster.start(LabConfig.forTests().withCiliumCrdDir(shared.resolve("cilium-crds")));
        client = lab.client();
    }

    @AfterAll
    static void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void ciliumsOwnExamplesAreAccepted() throws IOException {
        List<Path> examples;
        try (Stream<Path> files = Files.list(shared.resolve("cilium-policies"))) {
            // the connectivity manifest with Go-template placeholders is not applicable as is (see SOURCES.md)
            examples = files.filter(f -> f.toString().endsWith(".yaml"))
                    .filter(f -> !f.getFileName().toString().contains("to-cidr-external-deny")).sorted().toList();
        }
        assertThat(examples).isNotEmpty();
        int count = 0;
        for (GenericKubernetesResource policy : examples.stream().flatMap(f -> read(f).stream()).toList()) {
            count++;
            boolean clusterwide = policy.getKind().equals("CiliumClusterwideNetworkPolicy");
            String namespace = policy.getMetadata().getNamespace() == null ? "default"
                    : policy.getMetadata().getNamespace();
            if (client.namespaces().withName(namespace).get() == null) {
                client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                        .withNewMetadata().withName(namespace).endMetadata().build()).create();
            }
            GenericKubernetesResource created = clusterwide
                    ? client.genericKubernetesResources(CCNP).resource(policy).create()
                    : client.genericKubernetesResources(CNP).inNamespace(namespace).resource(policy).create();
            assertThat(created.getMetadata().getUid()).as(policy.getMetadata().getName()).isNotBlank();
        }
        int stored = count;
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                lab.policies().snapshot().networkPolicies().size()
                        + lab.policies().snapshot().clusterwidePolicies().size()).isEqualTo(stored));
    }

    @Test
    void aPolicyWithAnInvalidCidrIsRefusedWith422() {
        GenericKubernetesResource policy = quarantine("bad-cidr");
        ((java.util.Map<String, Object>) policy.getAdditionalProperties().get("spec")).put("egressDeny",
                List.of(java.util.Map.of("toCIDR", List.of("1.1.1.1/33"))));

        assertThatThrownBy(() -> client.genericKubernetesResources(CNP).inNamespace("default").resource(policy)
                .create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getStatus().getReason()).isEqualTo("Invalid");
                    assertThat(e.getStatus().getMessage())
                            .contains("CiliumNetworkPolicy.cilium.io \"bad-cidr\" is invalid")
                            .contains("spec.egressDeny[0].toCIDR[0]");
                    assertThat(e.getStatus().getDetails().getCauses())
                            .anySatisfy(cause -> assertThat(cause.getField()).isEqualTo("spec.egressDeny[0].toCIDR[0]"));
                });
        assertThat(client.genericKubernetesResources(CNP).inNamespace("default").withName("bad-cidr").get())
                .isNull();
    }

    @Test
    void aPolicyWithAWrongTypeOrAnUnknownEntityIsRefused() {
        GenericKubernetesResource wrongType = quarantine("wrong-type");
        ((java.util.Map<String, Object>) wrongType.getAdditionalProperties().get("spec")).put("egressDeny",
                "everything");
        assertThatThrownBy(() -> client.genericKubernetesResources(CNP).inNamespace("default")
                .resource(wrongType).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getStatus().getMessage()).contains("spec.egressDeny");
                });

        GenericKubernetesResource unknownEntity = quarantine("unknown-entity");
        ((java.util.Map<String, Object>) unknownEntity.getAdditionalProperties().get("spec")).put("egressDeny",
                List.of(java.util.Map.of("toEntities", List.of("everywhere"))));
        assertThatThrownBy(() -> client.genericKubernetesResources(CNP).inNamespace("default")
                .resource(unknownEntity).create())
                .isInstanceOfSatisfying(KubernetesClientException.class,
                        e -> assertThat(e.getStatus().getMessage()).contains("spec.egressDeny[0].toEntities[0]"));
    }

    @Test
    void aPatchThatWouldBreakAStoredPolicyIsRefused() {
        client.genericKubernetesResources(CNP).inNamespace("default").resource(quarantine("quarantine")).create();

        assertThatThrownBy(() -> client.genericKubernetesResources(CNP).inNamespace("default").withName("quarantine")
                .patch(PatchContext.of(PatchType.JSON_MERGE),
                        "{\"spec\":{\"egressDeny\":[{\"toCIDRSet\":[{\"cidr\":\"not-a-cidr\"}]}]}}"))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422));

        GenericKubernetesResource stored = client.genericKubernetesResources(CNP).inNamespace("default")
                .withName("quarantine").get();
        assertThat(Serialization.asJson(stored)).contains("\"all\"").doesNotContain("not-a-cidr");
    }

    @Test
    void strategicMergeIsRefusedWithAClearMessage() {
        client.genericKubernetesResources(CNP).inNamespace("default").resource(quarantine("smp")).create();
        assertThatThrownBy(() -> client.genericKubernetesResources(CNP).inNamespace("default").withName("smp")
                .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), "{\"metadata\":{\"labels\":{\"a\":\"b\"}}}"))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(415);
                    assertThat(e.getStatus().getMessage()).contains("--type merge");
                });
    }

    /** The reference demo's quarantine policy: deny all ingress and egress of infected pods. */
    @SuppressWarnings("unchecked")
    private static GenericKubernetesResource quarantine(String name) {
        return Serialization.unmarshal("""
                {"apiVersion":"cilium.io/v2","kind":"CiliumNetworkPolicy",
                 "metadata":{"name":"%s","namespace":"default"},
                 "spec":{"endpointSelector":{"matchLabels":{"c2intents.io/status":"infected"}},
                         "ingressDeny":[{"fromEntities":["all"]}],
                         "egressDeny":[{"toEntities":["all"]}]}}
                """.formatted(name), GenericKubernetesResource.class);
    }

    /** The policies of one YAML file (some hold several documents). */
    @SuppressWarnings("unchecked")
    private static List<GenericKubernetesResource> read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Object parsed = Serialization.unmarshal(in);
            return parsed instanceof List<?> list ? (List<GenericKubernetesResource>) list
                    : List.of((GenericKubernetesResource) parsed);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
