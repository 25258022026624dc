package io.c2intents.mitigation.intent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.c2intents.events.Contracts;
import io.c2intents.events.EventJson;
import io.c2intents.mitigation.planner.TechniqueOption;
import io.c2intents.mitigation.planner.TechniqueTable;
import io.c2intents.mitigation.planner.Techniques;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's "Intents" section cannot drift: the intent it shows is the shipped default (the events module's
 * example, which start-up declares), and its cost table is the planner's.
 */
class IntentsReadmeTest {

    @Test
    void theIntentShownIsTheShippedDefault() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        Matcher m = Pattern.compile("## Intents.*?```json\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(m.find()).as("an intent in the Intents section").isTrue();
        JsonNode shown = EventJson.MAPPER.readTree(m.group(1));
        JsonNode shipped = EventJson.MAPPER.readTree(Contracts.SECURITY_INTENT.example().orElseThrow());
        ((com.fasterxml.jackson.databind.node.ObjectNode) shipped).remove("description");

        assertThat(shown).isEqualTo(shipped);
        Contracts.SECURITY_INTENT.read(m.group(1));
    }

    @Test
    void theCostTableIsThePlanners() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        TechniqueTable table = Techniques.table();
        for (TechniqueOption t : table.all()) {
            String row = "| " + t.techniqueId() + " " + t.techniqueName() + " | `" + t.action() + "`";
            assertThat(readme).contains(row);
            String line = readme.lines().filter(l -> l.startsWith(row)).findFirst().orElseThrow();
            assertThat(line).contains("| " + t.role().name().toLowerCase(Locale.ROOT) + " |",
                    "| " + t.cost().availabilityImpact().name().toLowerCase(Locale.ROOT) + " | "
                    + t.cost().reversibility().name().toLowerCase(Locale.ROOT) + " | " + t.cost().rank() + " |");
        }
    }
}
