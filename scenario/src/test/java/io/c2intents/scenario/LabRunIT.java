package io.c2intents.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main command, end to end: {@code scripts/run.sh --exit-at-end} starts a real Kafka broker, the lab
 * cluster and the four services, and drives the reference scenario through the orchestrator's API. The timeline
 * must show exactly one pod alerted (the infected one), quarantined, evicted, verified and recovered, and the other
 * seven untouched.
 */
class LabRunIT {

    private static final Path ROOT = Path.of(System.getProperty("maven.multiModuleProjectDirectory",
            Path.of("..").toAbsolutePath().normalize().toString()));

    @TempDir
    Path runDir;

    @Test
    void referenceScenarioRunsEndToEndOnTheLab() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", ROOT.resolve("scripts/run.sh").toString(),
                "--exit-at-end", "--no-build", "--time-scale", "1"));
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(runDir.resolve("run.out").toFile());
        pb.environment().put("C2_RUN_DIR", runDir.toString());
        Process run = pb.start();
        boolean ended = run.waitFor(20, TimeUnit.MINUTES);
        String output = Files.readString(runDir.resolve("run.out"), StandardCharsets.UTF_8);
        System.out.println(output);
        if (!ended) {
            run.destroy();
            run.waitFor(60, TimeUnit.SECONDS);
        }
        assertThat(ended).as("scripts/run.sh ended within 20 minutes").isTrue();

        Path summaryFile = runDir.resolve("summary.json");
        assertThat(summaryFile).as("summary written; output:%n%s", output).exists();
        JsonNode summary = new ObjectMapper().readTree(summaryFile.toFile());
        String infected = summary.path("infectedPod").asText();
        assertThat(infected).startsWith("c2-lab/target-");
        assertThat(summary.path("alertedPods")).as(output).hasSize(1);
        assertThat("c2-lab/" + summary.path("alertedPods").get(0).asText()).isEqualTo(infected);
        assertThat(summary.path("quarantined").asBoolean()).as(output).isTrue();
        assertThat(summary.path("evicted").asBoolean()).as(output).isTrue();
        assertThat(summary.path("verified").asBoolean()).as(output).isTrue();
        assertThat(summary.path("recovered").asBoolean()).as(output).isTrue();
        assertThat(summary.path("otherPodsUntouched").asInt()).as(output).isEqualTo(7);
        assertThat(run.exitValue()).as(output).isZero();
        assertThat(output).contains("Swagger UI:").contains("result:                          SUCCESS");
    }
}
