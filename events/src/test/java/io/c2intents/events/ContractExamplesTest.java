package io.c2intents.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shipped example of every contract is a valid payload that survives a read/write cycle unchanged, so the
 * examples in the docs are exactly what producers write.
 */
class ContractExamplesTest {

    static Stream<Contract<?>> contracts() {
        return Contracts.ALL.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("contracts")
    void exampleValidatesAgainstItsSchema(Contract<?> contract) {
        assertThat(contract.validate(Examples.tree(contract))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("contracts")
    void exampleRoundTripsUnchanged(Contract<?> contract) {
        roundTrip(contract);
    }

    private static <T> void roundTrip(Contract<T> contract) {
        String example = Examples.text(contract);

        T first = contract.read(example);
        String written = contract.write(first);
        T second = contract.read(written);

        assertThat(first).isInstanceOf(contract.type());
        assertThat(second).isEqualTo(first);
        assertThat(Examples.parse(written)).isEqualTo(Examples.parse(example));
    }

    /** Free-form string maps: an extra entry there is data, not a new field. */
    private static final Set<String> MAPS = Set.of("details", "parameters", "labels", "selector");

    @ParameterizedTest(name = "{0}")
    @MethodSource("contracts")
    void unknownFieldsFromANewerProducerAreAccepted(Contract<?> contract) {
        ObjectNode newer = Examples.tree(contract);
        newer.put("addedInVersion2", "ignored by version 1 readers");
        newer.putObject("futureBlock").put("nested", true);
        newer.fields().forEachRemaining(field -> {
            if (field.getValue() instanceof ObjectNode object && !field.getKey().equals("futureBlock")
                    && !MAPS.contains(field.getKey())) {
                object.put("addedInVersion2Too", 42);
            }
        });

        assertThat(contract.read(newer.toString())).isEqualTo(contract.read(Examples.text(contract)));
    }

    @Test
    void everyExampleFileBelongsToAContract() throws IOException, URISyntaxException {
        Path dir = Path.of(Contract.class.getResource("/examples").toURI());
        List<String> names = Contracts.ALL.stream().map(c -> c.name() + ".json").toList();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrderElementsOf(names);
        }
    }

    @Test
    void alertExampleIsKeyedByItsPod() {
        C2Alert alert = Contracts.C2_ALERT.read(Examples.text(Contracts.C2_ALERT));

        assertThat(alert.key()).isEqualTo("c2-lab/target-7c9d8f6b5-x2k4q");
        assertThat(alert.destination()).isEqualTo("1.1.1.1");
        assertThat(alert.detector()).isEqualTo(Detector.INDICATOR);
        assertThat(alert.evidence().flowTimes()).hasSize((int) alert.count());
    }

    @Test
    void requestExampleCarriesAValidAlertForTheSamePod() {
        MitigationRequest request = Contracts.MITIGATION_REQUEST.read(Examples.text(Contracts.MITIGATION_REQUEST));

        assertThat(request.mode()).isEqualTo(MitigationMode.APPLY);
        assertThat(request.alert().key()).isEqualTo(PodKey.of(request.target().namespace(), request.target().name()));
    }

    @Test
    void mitigationEventExampleIsAnAppliedQuarantineWithItsPolicy() {
        MitigationEvent event = Contracts.MITIGATION_EVENT.read(Examples.text(Contracts.MITIGATION_EVENT));

        assertThat(event.status()).isEqualTo(MitigationStatus.APPLIED);
        assertThat(event.technique()).isEqualTo("D3-NTF");
        assertThat(event.objects()).extracting(TouchedObject::kind).contains("CiliumNetworkPolicy");
        assertThat(event.objects()).filteredOn(o -> o.kind().equals("CiliumNetworkPolicy"))
                .singleElement().extracting(TouchedObject::yaml).asString()
                .contains("kind: CiliumNetworkPolicy", "egressDeny:", "ingressDeny:");
    }

    @Test
    void defaultIntentExampleIsContainAndEradicate() {
        SecurityIntent intent = Contracts.SECURITY_INTENT.read(Examples.text(Contracts.SECURITY_INTENT));

        assertThat(intent.name()).isEqualTo("contain-and-eradicate-c2");
        assertThat(intent.trigger().detectors()).as("any detector").isEmpty();
        assertThat(intent.trigger().minScore()).isEqualTo(0.5);
        assertThat(intent.trigger().attackTechniques()).containsExactly("T1095");
        assertThat(intent.techniques()).containsExactly("D3-NTF", "D3-FEV", "D3-PT");
        assertThat(intent.mode()).isEqualTo(IntentMode.AUTOMATIC);
        assertThat(intent.verificationWindow()).isEqualTo(Duration.ofMinutes(2));
        assertThat(intent.duration()).as("contained until verified").isNull();
        assertThat(intent.rateLimitPerMinute()).isEqualTo(SecurityIntent.DEFAULT_RATE_LIMIT_PER_MINUTE);
    }

    @Test
    void simulatorExamplesAnswerEachOther() {
        SimulatorCommand command = Contracts.SIMULATOR_COMMAND.read(Examples.text(Contracts.SIMULATOR_COMMAND));
        SimulatorEvent event = Contracts.SIMULATOR_EVENT.read(Examples.text(Contracts.SIMULATOR_EVENT));

        assertThat(event.commandId()).isEqualTo(command.commandId());
        assertThat(event.type()).isEqualTo(command.type());
        assertThat(event.details()).containsEntry("pod", command.pod()).containsEntry("c2Address", command.c2Address());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("contracts")
    void schemaIsServedWithItsTitle(Contract<?> contract) {
        JsonNode schema = contract.schema();

        assertThat(schema.path("$id").asText()).endsWith("/" + contract.name() + ".schema.json");
        assertThat(schema.path("title").asText()).isNotBlank();
    }
}
