package io.c2intents.mitigation.action;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.c2intents.mitigation.CiliumCrdSchema;
import io.c2intents.mitigation.action.cilium.QuarantineAction;
import io.c2intents.mitigation.action.node.DrainNodeAction;
import io.c2intents.mitigation.action.pod.EvictFileAction;
import io.c2intents.mitigation.action.pod.TerminatePodAction;
import io.c2intents.mitigation.action.workload.DeleteWorkloadAction;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The service's own ClusterRole ({@code src/main/kubernetes/kubernetes.yml}) grants exactly what the actions declare
 * they need: every declared permission is there (or an action would fail with 403 on a cluster), and nothing more.
 */
class KubernetesRbacTest {

    private static final List<ActionDescriptor> ACTIONS = List.of(
            new QuarantineAction(null, null, null, null).descriptor(),
            new EvictFileAction(null, null, null).descriptor(),
            new TerminatePodAction(null, null).descriptor(),
            new DeleteWorkloadAction(null, null, null).descriptor(),
            new DrainNodeAction(null, null, null, null).descriptor());

    @Test
    void clusterRoleGrantsExactlyWhatTheActionsDeclare() throws IOException {
        Set<String> granted = new TreeSet<>();
        for (JsonNode doc : CiliumCrdSchema.YAML.readValues(CiliumCrdSchema.YAML.createParser(
                Path.of("src/main/kubernetes/kubernetes.yml").toFile()), JsonNode.class).readAll()) {
            if (doc.path("kind").asText().equals("ClusterRole")) {
                for (JsonNode rule : doc.get("rules")) {
                    rule.get("apiGroups").forEach(g -> rule.get("resources").forEach(r -> rule.get("verbs")
                            .forEach(v -> granted.add(g.asText() + "/" + r.asText() + ":" + v.asText()))));
                }
            }
        }
        Set<String> declared = new TreeSet<>();
        for (ActionDescriptor action : ACTIONS) {
            for (RbacRule rule : action.rbac()) {
                rule.apiGroups().forEach(g -> rule.resources().forEach(r -> rule.verbs()
                        .forEach(v -> declared.add(g + "/" + r + ":" + v))));
            }
        }

        assertThat(declared).isNotEmpty();
        assertThat(granted).isEqualTo(declared);
    }
}
