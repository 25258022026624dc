package io.c2intents.mitigation.action;

import static org.assertj.core.api.Assertions.assertThat;

import io.c2intents.mitigation.action.cilium.QuarantineAction;
import io.c2intents.mitigation.action.node.DrainNodeAction;
import io.c2intents.mitigation.action.pod.EvictFileAction;
import io.c2intents.mitigation.action.pod.TerminatePodAction;
import io.c2intents.mitigation.action.workload.DeleteWorkloadAction;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The service's own ClusterRole ({@code quarkus.kubernetes.rbac.cluster-roles.mitigation-service.*} in
 * {@code application.properties}, generated into the manifests at package) grants exactly what the actions declare
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
        Properties config = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
            config.load(in);
        }
        String prefix = "quarkus.kubernetes.rbac.cluster-roles.mitigation-service.policy-rules.";
        Set<String> rules = new TreeSet<>();
        config.stringPropertyNames().stream().filter(k -> k.startsWith(prefix))
                .forEach(k -> rules.add(k.substring(prefix.length(), k.lastIndexOf('.'))));
        Set<String> granted = new TreeSet<>();
        for (String rule : rules) {
            // an empty api-groups is the core group ""
            List<String> groups = List.of(config.getProperty(prefix + rule + ".api-groups", "").split(",", -1));
            for (String g : groups) {
                for (String r : config.getProperty(prefix + rule + ".resources").split(",")) {
                    for (String v : config.getProperty(prefix + rule + ".verbs").split(",")) {
                        granted.add(g.strip() + "/" + r.strip() + ":" + v.strip());
                    }
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
