package io.c2intents.mitigation.intent;

import static io.c2intents.mitigation.intent.IntentFixtures.TIMEOUT;
import static io.c2intents.mitigation.intent.IntentFixtures.alert;
import static io.c2intents.mitigation.intent.IntentFixtures.nextFlowTime;
import static io.c2intents.mitigation.intent.IntentFixtures.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.c2intents.events.MitigationEvent;
import io.c2intents.events.MitigationStatus;
import io.c2intents.events.PodKey;
import io.c2intents.events.Target;
import io.c2intents.events.Topics;
import io.c2intents.mitigation.Requests;
import io.c2intents.mitigation.cluster.CiliumPolicies;
import io.c2intents.mitigation.cluster.JsonPatch;
import io.c2intents.mitigation.incident.Incident;
import io.c2intents.mitigation.incident.IncidentRebuilder;
import io.c2intents.mitigation.incident.IncidentRegistry;
import io.c2intents.mitigation.incident.Phase;
import io.c2intents.mitigation.lab.LabResource;
import io.c2intents.mitigation.lab.LabWorkloads;
import io.c2intents.mitigation.verify.QuarantineReconciler;
import io.c2intents.testsupport.KafkaTestResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A person's revert of a quarantine that was already deleted by hand (policy and label) before the reconcile put it
 * back: answered SKIPPED, and the incident is closed RELEASED all the same, in memory and after a rebuild, and no
 * reconcile pass restores it. The reconcile runs only when the test calls it (its interval is an hour here): with the
 * test profile's one-second ticks the deleted quarantine would be put back before the revert arrives, and the revert
 * would be the REVERTED case {@code IntentsLabTest} covers.
 */
@QuarkusTest
@TestProfile(ReleaseOfAQuarantineGoneByHandLabTest.ReconcileWhenCalled.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(LabResource.class)
class ReleaseOfAQuarantineGoneByHandLabTest {

    /** No reconcile tick within a test: the test runs the passes itself. */
    public static class ReconcileWhenCalled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mitigation.intents.reconcile-interval", "PT1H");
        }
    }

    private static final String QUARANTINE = "cilium:quarantine";
    private static final String EVICT = "pod:evict-file";
    private static final String LABEL = "c2.io/quarantine";

    private static IntentFixtures fixtures;

    @Inject
    KubernetesClient client;
    @Inject
    IncidentRegistry registry;
    @Inject
    @Identifier(IntentChannels.INCIDENT_REBUILD)
    IncidentRebuilder rebuilder;
    @Inject
    IntentCatalogue catalogue;
    @Inject
    QuarantineReconciler reconciler;

    @BeforeAll
    static void open() {
        fixtures = new IntentFixtures();
    }

    @AfterAll
    static void close() {
        fixtures.close();
    }

    @Test
    void aRevertFindingTheQuarantineDeletedByHandStillClosesTheIncident() {
        await().atMost(TIMEOUT).until(() -> catalogue.find(IntentStartup.DEFAULT_INTENT).isPresent());
        LabWorkloads workloads = new LabWorkloads(client);
        String ns = workloads.namespace("gone-by-hand");
        Pod target = workloads.deployment(ns, "target", 1).get(0);
        String name = target.getMetadata().getName();
        workloads.infect(ns, name);
        String key = PodKey.of(ns, name);

        send(alert(ns, name, target.getStatus().getPodIP(), 1, nextFlowTime(Duration.ofSeconds(1))));
        MitigationEvent evicted = fixtures.await(key, MitigationStatus.APPLIED, EVICT);
        String incidentId = evicted.incidentId();
        assertThat(registry.latest(key).orElseThrow().contained()).isTrue();
        assertThat(policy(ns, name)).isNotNull();

        // someone deletes the quarantine by hand, and no reconcile pass has put it back yet
        CiliumPolicies.in(client, ns).withName("c2-quarantine-" + name).delete();
        client.pods().inNamespace(ns).withName(name)
                .patch(JsonPatch.CONTEXT, JsonPatch.create().removeLabel(LABEL).json());
        await().atMost(TIMEOUT).until(() -> policy(ns, name) == null && !labels(ns, name).containsKey(LABEL));

        MitigationEvent answer;
        try (Requests requests = new Requests()) {
            answer = requests.revert(QUARANTINE, Target.pod(ns, name));
        }

        assertThat(answer.status()).as(answer.reason()).isEqualTo(MitigationStatus.SKIPPED);
        assertThat(answer.incidentId()).as("the answer closes the intent's incident").isEqualTo(incidentId);
        assertThat(answer.intent()).isEqualTo(IntentStartup.DEFAULT_INTENT);
        assertThat(answer.requestId()).doesNotContain("/");
        assertThat(answer.reason()).contains("quarantine lifted by operator request " + answer.requestId(),
                "incident " + incidentId + " closed", "will not restore it", "not quarantined");
        Incident released = registry.latest(key).orElseThrow();
        assertThat(released.phase()).isEqualTo(Phase.RELEASED);
        assertThat(released.contained()).isFalse();

        // a reconcile pass finds no open incident holding the quarantine: nothing put back
        assertThat(reconciler.reconcile().await().atMost(TIMEOUT)).as("containments restored").isZero();
        assertThat(policy(ns, name)).isNull();
        assertThat(labels(ns, name)).doesNotContainKey(LABEL);

        // a restart: rebuilt from the topics as released, not resumed, and still nothing to restore
        registry.forget(k -> k.equals(key));
        List<Incident> resumed = rebuilder.rebuild(Set.of(0, 1, 2), Topics.DEFAULT_PARTITIONS);
        assertThat(resumed).extracting(Incident::podKey).doesNotContain(key);
        Incident rebuilt = registry.latest(key).orElseThrow();
        assertThat(rebuilt.id()).isEqualTo(incidentId);
        assertThat(rebuilt.phase()).isEqualTo(Phase.RELEASED);
        assertThat(rebuilt.contained()).isFalse();
        assertThat(reconciler.reconcile().await().atMost(TIMEOUT)).as("containments restored").isZero();
        assertThat(policy(ns, name)).isNull();
        assertThat(labels(ns, name)).doesNotContainKey(LABEL);
        assertThat(fixtures.steps(key)).containsExactly("PLANNED " + QUARANTINE, "APPLIED " + QUARANTINE,
                "APPLIED " + EVICT, "SKIPPED " + QUARANTINE);
    }

    private io.fabric8.kubernetes.api.model.GenericKubernetesResource policy(String ns, String name) {
        return CiliumPolicies.in(client, ns).withName("c2-quarantine-" + name).get();
    }

    private Map<String, String> labels(String ns, String name) {
        Pod live = client.pods().inNamespace(ns).withName(name).get();
        return live == null || live.getMetadata().getLabels() == null ? Map.of() : live.getMetadata().getLabels();
    }
}
