package io.c2intents.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.c2intents.hubble.json.EndpointSummary;
import io.c2intents.hubble.json.FlowLine;
import io.c2intents.hubble.json.FlowLines;
import io.c2intents.hubble.json.FlowSummary;
import io.c2intents.hubble.json.HubbleJsonException;
import io.c2intents.testsupport.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The README's replay command on every real Hubble capture in the shared data: {@code scripts/replay.sh} with, as
 * indicator, the non-pod address pods in that capture talk to most. Alerts must name exactly that address and only pods
 * whose flows touch it (at least one when there are such flows), every dry-run policy must pass Cilium's CRD
 * schema, and the script must exit 0. A capture without pod flows must raise no alert.
 */
class ReplayIT {

    private static final Path ROOT = Path.of(System.getProperty("maven.multiModuleProjectDirectory",
            Path.of("..").toAbsolutePath().normalize().toString()));

    @TempDir
    Path runDir;

    static Stream<Path> captures() throws IOException {
        Optional<Path> dir = SharedData.dir().map(d -> d.resolve("hubble-flows")).filter(Files::isDirectory);
        Assumptions.assumeTrue(dir.isPresent(), "shared data (-Dshared.data.dir) has no hubble-flows/: skipped");
        try (Stream<Path> files = Files.list(dir.get())) {
            List<Path> found = files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList();
            Assumptions.assumeFalse(found.isEmpty(), "no *.jsonl capture in " + dir.get() + ": skipped");
            return found.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void replayAlertsOnlyOnTheIndicatorAndPlansSchemaValidPolicies(Path capture) throws Exception {
        Flows flows = Flows.of(capture);
        Assumptions.assumeTrue(flows.indicator != null, capture + " has no flow with an IP address: skipped");

        List<String> command = new ArrayList<>(List.of("bash", ROOT.resolve("scripts/replay.sh").toString(),
                capture.toString(), "--indicator", flows.indicator, "--no-build"));
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(runDir.resolve("replay.out").toFile());
        pb.environment().put("C2_RUN_DIR", runDir.toString());
        Process run = pb.start();
        boolean ended = run.waitFor(6, TimeUnit.MINUTES);
        if (!ended) {
            run.destroy();
            run.waitFor(60, TimeUnit.SECONDS);
        }
        String output = Files.readString(runDir.resolve("replay.out"), StandardCharsets.UTF_8);
        System.out.println(output);
        assertThat(ended).as("scripts/replay.sh ended within 6 minutes").isTrue();
        assertThat(run.exitValue()).as(output).isZero();

        JsonNode summary = new ObjectMapper().readTree(runDir.resolve("summary.json").toFile());
        assertThat(summary.path("flows").asLong()).as(output).isEqualTo(flows.count);
        JsonNode alerts = summary.path("alerts");
        if (flows.podsTouchingIndicator.isEmpty()) {
            assertThat(alerts).as("no pod flow touches %s; output:%n%s", flows.indicator, output).isEmpty();
        } else {
            assertThat(alerts).as("pods %s talk to %s; output:%n%s", flows.podsTouchingIndicator, flows.indicator,
                    output).isNotEmpty();
        }
        for (JsonNode alert : alerts) {
            assertThat(alert.path("destination").asText()).as(output).isEqualTo(flows.indicator);
            assertThat(flows.podsTouchingIndicator).as(output).contains(alert.path("pod").asText());
        }
        JsonNode policies = summary.path("policies");
        if (SharedData.dir().map(d -> Files.isDirectory(d.resolve("cilium-crds"))).orElse(false)) {
            assertThat(summary.path("validated").asBoolean()).as(output).isTrue();
        }
        assertThat(policies.path("invalid").asInt()).as(output).isZero();
        assertThat(policies.path("valid").asInt()).isEqualTo(policies.path("count").asInt());
        assertThat(output).contains("== summary:");
        if (policies.path("count").asInt() > 0) {
            assertThat(output).contains("kind: \"CiliumNetworkPolicy\"").contains("# schema-valid");
        }
    }

    /** What the test expects from a capture, computed from its lines with the same reader the observer uses. */
    private record Flows(long count, String indicator, Set<String> podsTouchingIndicator) {

        static Flows of(Path capture) throws IOException {
            List<FlowSummary> flows = new ArrayList<>();
            for (String line : Files.readAllLines(capture, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    FlowLine parsed = FlowLines.read(line);
                    if (parsed.isFlow()) {
                        flows.add(parsed.flow());
                    }
                } catch (HubbleJsonException e) {
                    // not a flow the observer publishes either
                }
            }
            // The detector tracks flows between a pod and something that is not a pod (pod-to-pod traffic is not
            // C2 leaving the cluster); its indicator matches that other end, in either direction.
            Map<String, Integer> podRemotes = new HashMap<>();
            Map<String, Integer> anyAddress = new HashMap<>();
            for (FlowSummary f : flows) {
                String remote = podRemote(f);
                if (remote != null) {
                    podRemotes.merge(remote, 1, Integer::sum);
                }
                Stream.of(f.sourceIp(), f.destinationIp()).filter(ip -> !ip.isEmpty())
                        .forEach(ip -> anyAddress.merge(ip, 1, Integer::sum));
            }
            // Without such flows, still name an address the capture contains: the detector must stay quiet anyway.
            String indicator = mostFrequent(podRemotes.isEmpty() ? anyAddress : podRemotes);
            Set<String> pods = new HashSet<>();
            for (FlowSummary f : flows) {
                if (indicator != null && indicator.equals(podRemote(f))) {
                    pods.add(f.source().isPod() ? f.source().podKey() : f.destination().podKey());
                }
            }
            return new Flows(flows.size(), indicator, pods);
        }

        /** The non-pod end's address of a flow with exactly one pod end, else null. */
        private static String podRemote(FlowSummary f) {
            if (f.source().isPod() == f.destination().isPod()) {
                return null;
            }
            String ip = f.source().isPod() ? f.destinationIp() : f.sourceIp();
            return ip.isEmpty() ? null : ip;
        }

        private static String mostFrequent(Map<String, Integer> counts) {
            return counts.entrySet().stream()
                    .max(Comparator.<Map.Entry<String, Integer>>comparingInt(Map.Entry::getValue)
                            .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                    .map(Map.Entry::getKey).orElse(null);
        }
    }
}
