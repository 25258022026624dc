package io.c2intents.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/topics.md} cannot drift from the code: its fenced examples are checked here. Conventions: a block
 * tagged {@code json <contract>} is that contract's example file, verbatim as JSON; {@code json dlq <contract>}
 * is a payload the contract refuses, with its reason quoted in the text; {@code json hubble-flow} holds lines
 * of the real Hubble captures in {@code ../shared/data/hubble-flows}.
 */
class TopicsDocumentationTest {

    private static final Pattern FENCE = Pattern.compile("(?m)^```([^\\n]*)\\n(.*?)^```\\s*$", Pattern.DOTALL);
    private static final Pattern KCAT_TOPIC = Pattern.compile("kcat -b localhost:9092 -[CP] -t (\\S+)");
    private static final Pattern RELATIVE_LINK = Pattern.compile("\\]\\((\\.\\./[^)#]+)\\)");

    private static Path docs;
    private static String text;
    private static List<Block> blocks;

    record Block(String info, String body) {
        List<String> tags() {
            return List.of(info.trim().split("\\s+"));
        }
    }

    @BeforeAll
    static void readDocs() throws IOException {
        Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        docs = module.resolve("../docs/topics.md").normalize();
        assertThat(docs).as("docs/topics.md beside the events module").isRegularFile();
        text = Files.readString(docs, StandardCharsets.UTF_8);
        blocks = new ArrayList<>();
        Matcher m = FENCE.matcher(text);
        while (m.find()) {
            blocks.add(new Block(m.group(1), m.group(2)));
        }
        assertThat(blocks).as("fenced blocks in " + docs).isNotEmpty();
    }

    private static List<Block> tagged(String... tags) {
        return blocks.stream().filter(b -> b.tags().equals(List.of(tags))).toList();
    }

    private static Map<String, Contract<?>> contractsByName() {
        return Contracts.ALL.stream().collect(Collectors.toMap(Contract::name, Function.identity()));
    }

    @Test
    void everyJsonBlockHasAKnownTag() {
        Set<String> known = new HashSet<>(contractsByName().keySet());
        known.add("hubble-flow");
        List<Block> json = blocks.stream().filter(b -> b.tags().get(0).equals("json")).toList();

        assertThat(json).allSatisfy(b -> {
            List<String> tags = b.tags();
            assertThat(tags).as("json block tags").hasSizeBetween(2, 3);
            assertThat(tags.get(tags.size() - 1)).as("tag of a json block").isIn(known);
            if (tags.size() == 3) {
                assertThat(tags.get(1)).isEqualTo("dlq");
            }
        });
    }

    @Test
    void everyContractHasItsExampleInTheDocs() {
        assertThat(Contracts.ALL).allSatisfy(c -> assertThat(tagged("json", c.name()))
                .as("```json %s block", c.name()).hasSize(1));
    }

    @Test
    void documentedExamplesAreTheExampleFilesAndValidate() {
        for (Contract<?> contract : Contracts.ALL) {
            for (Block block : tagged("json", contract.name())) {
                JsonNode documented = Examples.parse(block.body());
                assertThat(contract.validate(documented)).as("problems of the %s example", contract.name()).isEmpty();
                assertThat(contract.read(block.body())).isEqualTo(contract.read(Examples.text(contract)));
                assertThat(documented).as("%s example in the docs equals examples/%s.json", contract.name(),
                        contract.name()).isEqualTo(Examples.tree(contract));
            }
        }
    }

    @Test
    void deadLetterExamplesAreRefusedWithTheDocumentedReason() {
        List<Block> dlq = blocks.stream().filter(b -> b.tags().size() == 3 && b.tags().get(1).equals("dlq")).toList();
        assertThat(dlq).as("at least one DLQ example").isNotEmpty();

        for (Block block : dlq) {
            Contract<?> contract = contractsByName().get(block.tags().get(2));
            ContractViolation violation = catchThrowableOfType(ContractViolation.class, () -> contract.read(block.body()));

            assertThat(violation).as("%s must refuse %s", contract.name(), block.body()).isNotNull();
            assertThat(text).as("the docs quote the reason").contains("`" + violation.getMessage() + "`");
        }
    }

    @Test
    void quotedFlowsAreLinesOfTheRealCaptures() throws IOException {
        List<Block> flows = tagged("json", "hubble-flow");
        assertThat(flows).as("hubble-flows example").isNotEmpty();
        String dir = System.getProperty("shared.data.dir");
        assumeTrue(dir != null && Files.isDirectory(Path.of(dir, "hubble-flows")),
                "skipped: ../shared/data/hubble-flows is absent (system property shared.data.dir=" + dir + ")");

        Set<String> captured = new HashSet<>();
        try (Stream<Path> files = Files.list(Path.of(dir, "hubble-flows"))) {
            for (Path file : files.toList()) {
                captured.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
            }
        }
        for (Block block : flows) {
            for (String line : block.body().strip().split("\\n")) {
                assertThat(Examples.parse(line).has("flow")).as("a Hubble {\"flow\":...} line").isTrue();
                assertThat(captured.contains(line)).as("quoted verbatim from a capture in %s: %s", dir, line).isTrue();
            }
        }
    }

    @Test
    void everyTopicHasASectionAndAKcatLineToReadIt() {
        for (String topic : Topics.ALL) {
            assertThat(text).contains("## `" + topic + "`");
            assertThat(text).contains("kcat -b localhost:9092 -C -t " + topic + " -f '%k %s\\n'");
        }
        for (String topic : Topics.CONSUMED) {
            assertThat(text).contains("kcat -b localhost:9092 -C -t " + Topics.dlq(topic) + " -f '%k %s\\n'");
        }
    }

    @Test
    void kcatLinesNameOnlyTopicsThatExist() {
        Set<String> topics = new HashSet<>(Topics.ALL);
        Topics.CONSUMED.forEach(t -> topics.add(Topics.dlq(t)));
        Matcher m = KCAT_TOPIC.matcher(text);
        List<String> named = new ArrayList<>();
        while (m.find()) {
            named.add(m.group(1));
        }

        assertThat(named).isNotEmpty().allSatisfy(t -> assertThat(t).isIn(topics));
    }

    @Test
    void deadLetterHeadersAndPartitionsAreDocumented() {
        assertThat(Topics.DLQ_HEADERS).allSatisfy(h -> assertThat(text).contains("`" + h + "`"));
        assertThat(text).contains("**" + Topics.DEFAULT_PARTITIONS + "**");
        assertThat(Topics.POD_KEYED).allSatisfy(t -> assertThat(text).contains("`" + t + "`"));
    }

    @Test
    void linksIntoTheRepositoryResolve() {
        Matcher m = RELATIVE_LINK.matcher(text);
        List<Path> targets = new ArrayList<>();
        while (m.find()) {
            targets.add(docs.getParent().resolve(m.group(1)).normalize());
        }

        assertThat(targets).isNotEmpty().allSatisfy(p -> assertThat(p).exists());
        assertThat(Contracts.ALL).allSatisfy(c -> assertThat(targets).anySatisfy(p ->
                assertThat(p.getFileName().toString()).isEqualTo(c.name() + ".schema.json")));
    }
}
