package io.c2intents.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a person running the scenario reads, against a stand-in orchestrator that answers the public API with a
 * scripted incident: the timeline in time order (the line naming the mitigation service's id included), and
 * waiting lines that say how long and what for.
 */
class LabScenarioOutputTest {

    private static final Pattern WHEN = Pattern.compile("^  ([+-])(\\d{2}):(\\d{2})\\.(\\d)  ");

    private final Instant infectedAt = Instant.now().minusSeconds(40).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    private final AtomicInteger incidentPolls = new AtomicInteger();
    private HttpServer server;

    @BeforeEach
    void startOrchestrator() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/", this::answer);
        server.start();
    }

    @AfterEach
    void stopOrchestrator() {
        server.stop(0);
    }

    @Test
    void theTimelineIsInTimeOrderAndWaitsSayHowLongAndWhatFor() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        LabScenario scenario = new LabScenario(new OrchestratorClient(URI.create("http://127.0.0.1:"
                + server.getAddress().getPort()), "t"), "c2-lab", "1.1.1.1", Duration.ofSeconds(60), 1.0, out,
                Duration.ofMillis(300));

        boolean success = scenario.run().path("success").asBoolean();
        String output = bytes.toString(StandardCharsets.UTF_8);

        assertThat(success).as(output).isTrue();
        List<String> lines = output.lines().toList();
        int named = indexOf(lines, "is named mit-7");
        int planned = indexOf(lines, "PLANNED");
        assertThat(named).as(output).isGreaterThanOrEqualTo(0).isEqualTo(planned - 1);
        // the naming line carries the time of the step that brought the id, not when the poll noticed it
        assertThat(lines.get(named)).as(output).startsWith("  +00:23.4  incident inc-c2-lab-p3-1 is named mit-7");
        assertThat(lines.get(planned)).as(output).startsWith("  +00:23.4  PLANNED");
        List<Long> times = new ArrayList<>();
        for (String line : lines) {
            Matcher m = WHEN.matcher(line);
            if (m.find()) {
                times.add((m.group(1).equals("-") ? -1 : 1) * (Long.parseLong(m.group(2)) * 600
                        + Long.parseLong(m.group(3)) * 10 + Long.parseLong(m.group(4))));
            }
        }
        assertThat(times).as(output).hasSizeGreaterThanOrEqualTo(8).isSorted();
        // the window comes from the intent the incident's steps name, not from a constant
        assertThat(output).containsPattern("  \\.\\.\\. still waiting for the incident to be resolved and the "
                + "quarantine lifted \\(\\d+ s; incident CONTAINED; verification needs PT3M30S of flow time with no "
                + "C2 attempt\\)");
        assertThat(output).containsPattern("still waiting for the incident to be resolved and the quarantine lifted "
                + "\\(\\d+ s; no incident for c2-lab/p3 yet\\)");
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }

    private String at(double seconds) {
        return infectedAt.plusMillis(Math.round(seconds * 1000)).toString();
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String query = String.valueOf(exchange.getRequestURI().getQuery());
        String body = switch (path) {
            case "/api/experiment/setup" -> "{\"ids\":[\"setup-1\"]}";
            case "/api/experiment/infect" -> "{\"ids\":[\"infect-1\"]}";
            case "/api/commands/setup-1" -> "{\"state\":\"done\"}";
            case "/api/commands/infect-1" -> "{\"state\":\"done\",\"endedAt\":\"" + at(0)
                    + "\",\"details\":{\"pod\":\"p3\",\"node\":\"lab-worker-1\"}}";
            case "/api/cluster/pods" -> pods();
            case "/api/flows" -> query.contains("destination=8.8.8.8") ? benignFlows() : "[{\"time\":\"" + at(21.7)
                    + "\",\"reply\":false,\"verdict\":\"FORWARDED\",\"source\":{\"namespace\":\"c2-lab\","
                    + "\"pod\":\"p3\"}}]";
            case "/api/alerts" -> "[{\"alert\":{\"id\":\"c2-lab/p3/1.1.1.1/indicator\",\"detectedAt\":\"" + at(23.0)
                    + "\",\"pod\":{\"namespace\":\"c2-lab\",\"name\":\"p3\"},\"detector\":\"indicator\","
                    + "\"score\":0.95,\"attackTechnique\":\"T1095\",\"reason\":\"echo requests to 1.1.1.1\"}}]";
            case "/api/incidents" -> incidents();
            case "/api/mitigations" -> "[{\"id\":\"evt-1\",\"incidentId\":\"mit-7\",\"pod\":\"c2-lab/p3\","
                    + "\"intent\":\"contain-and-eradicate-c2\"}]";
            case "/api/intents/contain-and-eradicate-c2" -> "{\"name\":\"contain-and-eradicate-c2\","
                    + "\"verificationWindow\":\"PT3M30S\"}";
            default -> null;
        };
        byte[] bytes = (body == null ? "{\"status\":404}" : body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static String pods() {
        StringBuilder pods = new StringBuilder("[");
        for (int i = 0; i < 8; i++) {
            pods.append(i == 0 ? "" : ",").append("{\"name\":\"p").append(i)
                    .append("\",\"namespace\":\"c2-lab\",\"phase\":\"Running\"}");
        }
        return pods.append("]").toString();
    }

    private String benignFlows() {
        StringBuilder flows = new StringBuilder("[");
        for (int i = 0; i < 8; i++) {
            flows.append(i == 0 ? "" : ",").append("{\"time\":\"").append(at(-5)).append("\",\"reply\":false,")
                    .append("\"verdict\":\"FORWARDED\",\"source\":{\"namespace\":\"c2-lab\",\"pod\":\"p")
                    .append(i).append("\"}}");
        }
        return flows.append("]").toString();
    }

    /**
     * No incident for the first polls; then contained, with the mitigation service's id arriving with its plan
     * (listed after later steps, as a view may); then resolved and the quarantine lifted.
     */
    private String incidents() {
        int poll = incidentPolls.incrementAndGet();
        if (poll <= 5) {
            return "[]";
        }
        String alert = entry(23.0, "alert", "indicator", null, "echo requests to 1.1.1.1",
                "c2-lab/p3/1.1.1.1/indicator");
        List<String> timeline = new ArrayList<>(List.of(alert,
                entry(23.5, "mitigation", "APPLIED", "cilium:quarantine", "quarantined", "evt-2"),
                entry(23.4, "mitigation", "PLANNED", null, "cheapest plan", "evt-1"),
                entry(24.1, "mitigation", "APPLIED", "pod:evict-file", "crontab entry evicted", "evt-3")));
        String status = "CONTAINED";
        if (poll > 25) {
            status = "RESOLVED";
            timeline.add(entry(38.0, "mitigation", "VERIFIED", null, "no C2 attempt", "evt-4"));
            timeline.add(entry(38.1, "mitigation", "REVERTED", "cilium:quarantine", "quarantine lifted", "evt-5"));
        }
        return "[{\"id\":\"inc-c2-lab-p3-1\",\"aliases\":[\"mit-7\"],\"pod\":\"c2-lab/p3\",\"namespace\":\"c2-lab\","
                + "\"podName\":\"p3\",\"status\":\"" + status + "\",\"timeline\":[" + String.join(",", timeline)
                + "]}]";
    }

    private String entry(double seconds, String kind, String status, String action, String summary, String ref) {
        return "{\"at\":\"" + at(seconds) + "\",\"kind\":\"" + kind + "\",\"status\":\"" + status + "\","
                + (action == null ? "" : "\"action\":\"" + action + "\",") + "\"summary\":\"" + summary
                + "\",\"ref\":\"" + ref + "\"}";
    }
}
