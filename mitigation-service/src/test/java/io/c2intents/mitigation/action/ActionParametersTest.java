package io.c2intents.mitigation.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.c2intents.events.ParameterSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parameters are checked against their declaration: unknown, invalid and missing ones are named. */
class ActionParametersTest {

    private static final List<ParameterSpec> SPECS = List.of(
            ParameterSpec.choice("scope", "all", "what to cut", "all", "destination"),
            ParameterSpec.ipv4("c2Address", "the C2"),
            ParameterSpec.integer("grace", 0, 300, "seconds"),
            ParameterSpec.name("container", "which container"),
            new ParameterSpec("needed", ParameterSpec.Type.NAME, true, null, null, null, null, "required"));

    @Test
    void defaultsAreFilledInAndValidValuesKept() {
        ActionParameters p = ActionParameters.validate("x:y", SPECS, Map.of("c2Address", "1.1.1.1", "grace", "30",
                "needed", "workload"));

        assertThat(p.asMap()).containsEntry("scope", "all").containsEntry("c2Address", "1.1.1.1")
                .containsEntry("needed", "workload");
        assertThat(p.integer("grace")).contains(30);
        assertThat(p.get("container")).isEmpty();
    }

    @Test
    void everyProblemIsNamedAtOnce() {
        assertThatThrownBy(() -> ActionParameters.validate("x:y", SPECS, Map.of("scope", "everything",
                "c2Address", "1.1.1.256", "grace", "-1", "container", "Bad_Name", "colour", "red")))
                .isInstanceOf(InvalidRequest.class)
                .hasMessageContaining("invalid parameters for x:y")
                .hasMessageContaining("parameter 'scope': must be one of all, destination (got 'everything')")
                .hasMessageContaining("parameter 'c2Address': must be an IPv4 address")
                .hasMessageContaining("parameter 'grace': must be between 0 and 300 (got -1)")
                .hasMessageContaining("parameter 'container': must be a DNS-1123 label")
                .hasMessageContaining("unknown parameter 'colour' (x:y takes scope, c2Address, grace, container, needed)")
                .hasMessageContaining("parameter 'needed': is missing");
    }

    @Test
    void ipv4RefusesLookalikes() {
        for (String bad : List.of("1.1.1", "1.1.1.1.1", "01.1.1.1", "1.1.1.1 ", "1.1.1.1\n", "::1", "a.b.c.d")) {
            assertThat(ParameterSpec.isIpv4(bad)).as(bad).isFalse();
        }
        assertThat(ParameterSpec.isIpv4("203.0.113.250")).isTrue();
    }
}
