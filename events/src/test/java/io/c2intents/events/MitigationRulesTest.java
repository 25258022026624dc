package io.c2intents.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The contract rules both the orchestrator and the mitigation service apply, read as a caller would. */
class MitigationRulesTest {

    @Test
    void anActionRefusesATargetKindItDoesNotActOn() {
        MitigationRules.ActionRule terminate = MitigationRules.require("pod:terminate");
        assertThat(MitigationRules.targetProblem(terminate, TargetKind.NODE))
                .contains("pod:terminate acts on [pod], not on a node");
        assertThat(MitigationRules.targetProblem(terminate, TargetKind.POD)).isEmpty();
        assertThat(MitigationRules.targetProblem(MitigationRules.require("node:drain"), TargetKind.NODE)).isEmpty();
    }

    @Test
    void unknownAndInvalidParametersAreNamedAndGoodOnesPass() {
        Map<String, String> problems = MitigationRules.parameterProblems(MitigationRules.require("node:drain"),
                Map.of("mode", "explode", "force", "yes"));
        assertThat(problems).containsOnlyKeys("force", "mode");
        assertThat(problems.get("force")).contains("unknown parameter 'force'", "node:drain takes mode");
        assertThat(problems.get("mode")).contains("drain, cordon", "explode");

        assertThat(MitigationRules.parameterProblems(MitigationRules.require("cilium:quarantine"),
                Map.of("scope", "destination", "c2Address", "1.1.1.1"))).isEmpty();
        assertThat(MitigationRules.parameterProblems(MitigationRules.require("cilium:quarantine"),
                Map.of("c2Address", "1.1.1.256"))).containsKey("c2Address");
        assertThat(MitigationRules.parameterProblems(MitigationRules.require("pod:terminate"),
                Map.of("gracePeriodSeconds", "301"))).containsKey("gracePeriodSeconds");
    }

    @Test
    void windowsMustBeLongerThanZeroWhenGiven() {
        assertThat(MitigationRules.positiveOrAbsent(null)).isTrue();
        assertThat(MitigationRules.positiveOrAbsent(Duration.ofMinutes(2))).isTrue();
        assertThat(MitigationRules.positiveOrAbsent(Duration.ZERO)).isFalse();
        assertThat(MitigationRules.positiveOrAbsent(Duration.ofSeconds(-1))).isFalse();
    }

    @Test
    void everyActionOfTheCatalogueHasARule() {
        assertThat(MitigationRules.ACTIONS).containsOnlyKeys("cilium:quarantine", "pod:evict-file", "pod:terminate",
                "workload:delete", "node:drain");
        assertThat(MitigationRules.action("pod:explode")).isEmpty();
    }
}
