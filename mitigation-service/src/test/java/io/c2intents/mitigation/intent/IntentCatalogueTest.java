package io.c2intents.mitigation.intent;

import static org.assertj.core.api.Assertions.assertThat;

import io.c2intents.events.C2Alert;
import io.c2intents.events.Detector;
import io.c2intents.events.IntentMode;
import io.c2intents.events.PodRef;
import io.c2intents.events.SecurityIntent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which intent handles an alert, and how the compacted topic's records replace each other. */
class IntentCatalogueTest {

    private final IntentCatalogue catalogue = new IntentCatalogue();

    @Test
    void theMostSpecificMatchingIntentHandlesAnAlert() {
        catalogue.apply("everywhere", 0, intent("everywhere", List.of(), Map.of(), List.of(), 0.5));
        catalogue.apply("lab", 1, intent("lab", List.of("c2-lab"), Map.of(), List.of(), 0.5));
        catalogue.apply("targets", 2, intent("targets", List.of(), Map.of("app", "target"), List.of(), 0.5));

        assertThat(catalogue.match(alert("c2-lab", "target", 0.9))).map(SecurityIntent::name).contains("targets");
        assertThat(catalogue.match(alert("c2-lab", "benign", 0.9))).map(SecurityIntent::name).contains("lab");
        assertThat(catalogue.match(alert("other", "benign", 0.9))).map(SecurityIntent::name)
                .contains("everywhere");
    }

    @Test
    void triggerAndScopeMustBothMatchAndTheRefusalSaysWhy() {
        catalogue.apply("strict", 0, intent("strict", List.of(), Map.of(), List.of("kube-system"), 0.8));

        assertThat(catalogue.match(alert("kube-system", "target", 0.9))).isEmpty();
        assertThat(catalogue.match(alert("c2-lab", "target", 0.5))).isEmpty();
        assertThat(catalogue.whyNone(alert("c2-lab", "target", 0.5))).contains("strict: score 0.5 below 0.8");
        assertThat(catalogue.whyNone(alert("kube-system", "target", 0.9)))
                .contains("namespace kube-system excluded");
        assertThat(new IntentCatalogue().whyNone(alert("c2-lab", "target", 0.9))).isEqualTo("no intent is declared");
    }

    @Test
    void anOlderRecordNeverReplacesANewerOneAndANullValueWithdraws() {
        catalogue.apply("x", 5, intent("x", List.of("new"), Map.of(), List.of(), 0.5));
        assertThat(catalogue.apply("x", 3, intent("x", List.of("old"), Map.of(), List.of(), 0.5))).isFalse();
        assertThat(catalogue.find("x").orElseThrow().scope().namespaces()).containsExactly("new");

        catalogue.apply("x", 6, null);

        assertThat(catalogue.find("x")).isEmpty();
        assertThat(catalogue.knows("x")).as("a withdrawal is remembered").isTrue();
        assertThat(catalogue.apply("x", 5, intent("x", List.of("new"), Map.of(), List.of(), 0.5))).isFalse();
    }

    private static SecurityIntent intent(String name, List<String> namespaces, Map<String, String> selector,
            List<String> excluded, double minScore) {
        return new SecurityIntent(SecurityIntent.SCHEMA_VERSION, name, null, new SecurityIntent.Trigger(
                List.of(Detector.INDICATOR), minScore, List.of("T1095")), new SecurityIntent.Scope(namespaces, selector,
                        excluded), null, List.of("D3-NTF", "D3-FEV"), IntentMode.AUTOMATIC, Duration.ofMinutes(2),
                null, 60, Map.of());
    }

    private static C2Alert alert(String namespace, String app, double score) {
        Instant t = Instant.parse("2026-03-14T09:21:00Z");
        return new C2Alert(1, namespace + "/p/1.1.1.1/indicator", 1, t, new PodRef(namespace, "p",
                Map.of("app", app), null, null, null), "1.1.1.1", "ICMPv4", "T1095", Detector.INDICATOR, score, t, t,
                1, null, null);
    }
}
