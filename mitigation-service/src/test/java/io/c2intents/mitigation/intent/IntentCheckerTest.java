package io.c2intents.mitigation.intent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.c2intents.events.IntentMode;
import io.c2intents.events.SecurityIntent;
import io.c2intents.mitigation.planner.Planner;
import io.c2intents.mitigation.planner.TechniqueTable;
import io.c2intents.mitigation.planner.Techniques;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a declared intent must satisfy beyond its schema, each problem named in the reason. */
class IntentCheckerTest {

    private final TechniqueTable table = Techniques.table();
    private final IntentChecker checker = new IntentChecker(table, Techniques.registry(), new Planner(table));

    @Test
    void aGoodIntentGetsItsDefaults() {
        SecurityIntent checked = checker.check("ok", intent("ok", List.of("D3-NTF", "D3-FEV"), null,
                Map.of("pod:evict-file", Map.of("scope", "file"))));

        assertThat(checked.verificationWindow()).isEqualTo(Duration.ofMinutes(2));
        assertThat(checked.rateLimitPerMinute()).isEqualTo(60);
        assertThat(checked.scope()).isNotNull();
    }

    @Test
    void everyProblemIsNamed() {
        SecurityIntent bad = intent("bad", List.of("D3-NTF", "D3-FEV", "D3-ZZZ"), Duration.ZERO, Map.of(
                "pod:evict-file", Map.of("c2Address", "999.1.1.1", "colour", "red"),
                "node:drain", Map.of(),
                "cilium:quarantine", Map.of("scope", "destination")));

        assertThatThrownBy(() -> checker.check("other-key", bad)).isInstanceOf(InvalidIntent.class)
                .hasMessageContaining("record key 'other-key' is not the intent's name 'bad'")
                .hasMessageContaining("unknown technique 'D3-ZZZ' (known: ")
                .hasMessageContaining("verificationWindow must be longer than zero")
                .hasMessageContaining("parameter 'c2Address': must be an IPv4 address")
                .hasMessageContaining("unknown parameter 'colour'")
                .hasMessageContaining("parameters for 'node:drain': the intent's techniques use")
                .hasMessageContaining("parameter 'scope' of cilium:quarantine is set by the technique");
    }

    @Test
    void aGoalItsTechniquesCannotMeetIsRefused() {
        assertThatThrownBy(() -> checker.check(null, intent("half", List.of("D3-FEV"), null, Map.of())))
                .isInstanceOf(InvalidIntent.class).hasMessageContaining("allows no containment technique");
    }

    private static SecurityIntent intent(String name, List<String> techniques, Duration window,
            Map<String, Map<String, String>> parameters) {
        return new SecurityIntent(SecurityIntent.SCHEMA_VERSION, name, null, new SecurityIntent.Trigger(null, 0.5,
                null), null, "contain-and-eradicate", techniques, IntentMode.AUTOMATIC, window, null, 0, parameters);
    }
}
