package io.c2intents.lab.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.c2intents.lab.LabCluster;
import io.c2intents.lab.LabConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * JSON merge patches as an API server applies them (RFC 7386): a {@code null} deletes the key. This is what
 * {@code kubectl label pod p key-} and {@code kubectl patch --type merge -p '{"...":null}'} send.
 */
class MergePatchTest {

    private static final PatchContext MERGE = PatchContext.of(PatchType.JSON_MERGE);

    private LabCluster lab;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        lab = LabCluster.start(LabConfig.forTests());
        client = lab.client();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("patch").endMetadata().build())
                .create();
        client.configMaps().inNamespace("patch").resource(new ConfigMapBuilder().withNewMetadata().withName("c")
                .withLabels(Map.of("quarantine", "true", "app", "target")).endMetadata()
                .withData(Map.of("a", "1", "b", "2")).build()).create();
    }

    @AfterEach
    void stop() {
        lab.close();
    }

    @Test
    void aNullInAMergePatchDeletesTheKeyAndKeepsTheRest() {
        ConfigMap patched = client.configMaps().inNamespace("patch").withName("c")
                .patch(MERGE, "{\"metadata\":{\"labels\":{\"quarantine\":null}},\"data\":{\"b\":null,\"c\":\"3\"}}");

        ConfigMap stored = client.configMaps().inNamespace("patch").withName("c").get();
        for (ConfigMap cm : new ConfigMap[] {patched, stored}) {
            assertThat(cm.getMetadata().getLabels()).containsExactlyInAnyOrderEntriesOf(Map.of("app", "target"));
            assertThat(cm.getData()).containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "c", "3"));
        }
    }

    @Test
    void aNullForAKeyThatIsAbsentChangesNothingElse() {
        client.configMaps().inNamespace("patch").withName("c").patch(MERGE, "{\"metadata\":{\"labels\":{\"nope\":null}}}");

        ConfigMap stored = client.configMaps().inNamespace("patch").withName("c").get();
        assertThat(stored.getMetadata().getLabels())
                .containsExactlyInAnyOrderEntriesOf(Map.of("quarantine", "true", "app", "target"));
        assertThat(stored.getData()).containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "b", "2"));
    }
}
