package io.c2intents.mitigation.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.c2intents.events.Contracts;
import io.c2intents.events.IntentMode;
import io.c2intents.events.SecurityIntent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The planner on the real registry's descriptors: cheapest effective plan, escalation order, and why. */
class PlannerTest {

    private final Planner planner = new Planner(Techniques.table());

    @Test
    void theShippedDefaultQuarantinesEvictsAndKeepsTerminationAsTheEscalation() {
        SecurityIntent intent = Contracts.SECURITY_INTENT.read(Contracts.SECURITY_INTENT.example().orElseThrow());

        IncidentPlan plan = planner.plan(intent, "T1095");

        assertThat(plan.goal()).isEqualTo(Goal.CONTAIN_AND_ERADICATE);
        assertThat(plan.containment().action()).isEqualTo("cilium:quarantine");
        assertThat(plan.containment().parameters()).containsEntry("scope", "all");
        assertThat(plan.eradication()).extracting(TechniqueOption::action)
                .containsExactly("pod:evict-file", "pod:terminate");
        assertThat(plan.reason()).contains("contain with D3-NTF Network Traffic Filtering (cilium:quarantine;"
                + " availability medium, reversible)", "eradicate with D3-FEV File Eviction (pod:evict-file;"
                + " availability none, irreversible)", "escalate to D3-PT", "PT2M");
    }

    @Test
    void theCheapestTechniqueWinsWhateverTheOrderTheIntentListsThemIn() {
        IncidentPlan plan = planner.plan(intent(List.of("D3-EDL", "D3-HS", "D3-PT", "D3-FEV", "D3-NTF", "D3-OTF"),
                "contain-and-eradicate"), "T1095");

        assertThat(plan.containment().techniqueId()).as("destination-only filtering costs no availability")
                .isEqualTo("D3-OTF");
        assertThat(plan.containment().parameters()).containsEntry("scope", "destination");
        assertThat(plan.eradication()).extracting(TechniqueOption::techniqueId)
                .containsExactly("D3-FEV", "D3-PT", "D3-HS", "D3-EDL");
        assertThat(plan.reason()).contains("not used: D3-NTF (costlier containment");
    }

    @Test
    void techniquesThatDoNotCounterTheAlertAreLeftOutAndSaidSo() {
        // T1059 (command interpreter): terminating the process counters it, evicting the crontab does not
        IncidentPlan plan = planner.plan(intent(List.of("D3-FEV", "D3-PT"), "eradicate"), "T1059");

        assertThat(plan.eradication()).extracting(TechniqueOption::techniqueId).containsExactly("D3-PT");
        assertThat(plan.reason()).contains("D3-FEV (not effective against T1059)");
        assertThatThrownBy(() -> planner.plan(intent(List.of("D3-NTF", "D3-FEV"), "contain-and-eradicate"),
                "T1071")).isInstanceOf(NoPlan.class)
                .hasMessageContaining("allows no eradication technique effective against T1071");
    }

    @Test
    void aSubTechniqueIsCounteredByWhatCountersItsParent() {
        TechniqueOption evict = Techniques.table().find("D3-FEV").orElseThrow();
        assertThat(evict.counters("T1053.003")).isTrue();
        assertThat(evict.counters("T1053")).isFalse();
        assertThat(evict.counters("T1071")).isFalse();
    }

    @Test
    void eachGoalTakesOnlyTheRolesItNeeds() {
        IncidentPlan contain = planner.plan(intent(List.of("D3-NTF", "D3-FEV"), "contain"), "T1095");
        assertThat(contain.containment()).isNotNull();
        assertThat(contain.eradication()).isEmpty();

        IncidentPlan eradicate = planner.plan(intent(List.of("D3-NTF", "D3-FEV"), "eradicate"), "T1095");
        assertThat(eradicate.containment()).isNull();
        assertThat(eradicate.first().action()).isEqualTo("pod:evict-file");
    }

    @Test
    void aGoalTheTechniquesCannotMeetHasNoPlan() {
        assertThatThrownBy(() -> planner.plan(intent(List.of("D3-FEV"), "contain-and-eradicate"), "T1095"))
                .isInstanceOf(NoPlan.class).hasMessageContaining("allows no containment technique");
        assertThatThrownBy(() -> planner.plan(intent(List.of("D3-NTF"), "eradicate"), "T1095"))
                .isInstanceOf(NoPlan.class).hasMessageContaining("allows no eradication technique");
        assertThatThrownBy(() -> planner.plan(intent(List.of("D3-NTF"), "win"), "T1095"))
                .isInstanceOf(NoPlan.class).hasMessageContaining("unknown goal 'win'");
    }

    static SecurityIntent intent(List<String> techniques, String goal) {
        return new SecurityIntent(SecurityIntent.SCHEMA_VERSION, "t", null, new SecurityIntent.Trigger(null, 0.5,
                null), null, goal, techniques, IntentMode.AUTOMATIC, Duration.ofMinutes(2), null, 60, Map.of());
    }
}
