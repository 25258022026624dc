package io.c2intents.mitigation.action;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.c2intents.events.Contracts;
import io.c2intents.events.EventJson;
import io.c2intents.events.MitigationRequest;
import io.c2intents.events.ParameterSpec;
import io.c2intents.mitigation.CiliumCrdSchema;
import io.c2intents.mitigation.TestConfig;
import io.c2intents.mitigation.action.cilium.QuarantineAction;
import io.c2intents.mitigation.action.cilium.QuarantinePolicyFactory;
import io.c2intents.mitigation.action.cilium.QuarantineScope;
import io.c2intents.mitigation.action.node.DrainNodeAction;
import io.c2intents.mitigation.action.pod.EvictFileAction;
import io.c2intents.mitigation.action.pod.TerminatePodAction;
import io.c2intents.mitigation.action.workload.DeleteWorkloadAction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README cannot drift from the code: its example requests are the actions' own examples (the ones the catalogue
 * serves), valid against the contract and the actions' parameter declarations, every action has a section, and
 * the quarantine policy it shows is the one the factory builds for that request, valid against Cilium's CRD.
 */
class ReadmeExamplesTest {

    private static final Pattern BLOCK = Pattern.compile("```(json mitigation-request|yaml)\\n(.*?)```", Pattern.DOTALL);

    private static final List<ActionDescriptor> ACTIONS = List.of(
            new QuarantineAction(null, null, null, null).descriptor(),
            new EvictFileAction(null, null, null).descriptor(),
            new TerminatePodAction(null, null).descriptor(),
            new DeleteWorkloadAction(null, null, null).descriptor(),
            new DrainNodeAction(null, null, null, null).descriptor());

    @Test
    void exampleRequestsAreTheActionsOwnAndValid() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        Map<String, ActionDescriptor> byAddress = ACTIONS.stream()
                .collect(Collectors.toMap(ActionDescriptor::address, Function.identity()));
        List<String> shown = new ArrayList<>();
        Matcher m = BLOCK.matcher(readme);
        while (m.find()) {
            if (!m.group(1).startsWith("json")) {
                continue;
            }
            MitigationRequest request = Contracts.MITIGATION_REQUEST.read(m.group(2));
            ActionDescriptor action = byAddress.get(request.action());
            assertThat(action).as(request.action()).isNotNull();
            ActionParameters.validate(action.address(), action.parameters(), request.parameters());
            JsonNode own = EventJson.MAPPER.readTree(Contracts.MITIGATION_REQUEST.write(action.example()));
            assertThat(EventJson.MAPPER.readTree(m.group(2))).as(action.address()).isEqualTo(own);
            shown.add(action.address());
        }

        assertThat(shown).containsExactlyInAnyOrderElementsOf(byAddress.keySet());
        for (ActionDescriptor action : ACTIONS) {
            assertThat(readme).contains("### `" + action.address() + "` (" + action.technique().id() + ")")
                    .contains("| `" + action.address() + "` | " + action.technique().id() + " "
                            + action.technique().displayName() + " |");
            for (ParameterSpec parameter : action.parameters()) {
                assertThat(readme).contains("| `" + parameter.name() + "` |");
            }
        }
    }

    @Test
    void thePolicyShownIsTheOneBuiltForTheExample() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        Matcher m = BLOCK.matcher(readme);
        JsonNode shown = null;
        while (m.find()) {
            if (m.group(1).equals("yaml") && m.group(2).contains("kind: CiliumNetworkPolicy")) {
                shown = CiliumCrdSchema.YAML.readTree(m.group(2));
            }
        }
        assertThat(shown).as("a CiliumNetworkPolicy in the README").isNotNull();
        MitigationRequest example = ACTIONS.get(0).example();
        JsonNode built = CiliumCrdSchema.YAML.valueToTree(new QuarantinePolicyFactory(new Marks(TestConfig.defaults()))
                .policy(example.target().namespace(), example.target().name(), QuarantineScope.DESTINATION,
                        example.parameters().get("c2Address"), example.incidentId()));

        assertThat(shown).isEqualTo(built);
        CiliumCrdSchema.load().assertValid(shown);
    }
}
