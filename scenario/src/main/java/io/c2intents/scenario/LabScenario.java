package io.c2intents.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The reference scenario, driven only through the orchestrator's public API: set up 8 pods, see benign flows,
 * infect a random target pod, then watch detection, Network Traffic Filtering, File Eviction, verification and
 * recovery happen on their own. Prints a timeline (time since infection) and a summary, and writes the summary
 * as JSON for tests.
 *
 * <pre>C2_API_TOKEN=T java -cp … io.c2intents.scenario.LabScenario [--orchestrator http://127.0.0.1:8080]
 *     [--namespace c2-lab] [--c2 1.1.1.1] [--summary run/summary.json] [--timeout 600] [--time-scale 1]</pre>
 *
 * The API token comes from the environment ({@code C2_API_TOKEN}) so that it never shows in {@code ps};
 * {@code --token T} still works. {@code --time-scale} is the lab clock's (default {@code C2_TIME_SCALE}, else 1):
 * flow times are lab time and alert times wall time, so the flow → alert latency is only computed at 1.
 */
public final class LabScenario {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int EXPECTED_PODS = 8;

    private final OrchestratorClient api;
    private final String namespace;
    private final String c2;
    private final Duration timeout;
    private final PrintStream out;
    private final double timeScale;
    private final Duration noteEvery;
    private final List<String> timeline = new ArrayList<>();
    private Instant infectedAt;
    /** The verification window of the intent handling the incident, once the API has named it. */
    private String verificationWindow;

    LabScenario(OrchestratorClient api, String namespace, String c2, Duration timeout, double timeScale,
            PrintStream out) {
        this(api, namespace, c2, timeout, timeScale, out, Duration.ofSeconds(15));
    }

    /** @param noteEvery how often a wait prints that it is still waiting */
    LabScenario(OrchestratorClient api, String namespace, String c2, Duration timeout, double timeScale,
            PrintStream out, Duration noteEvery) {
        this.api = api;
        this.timeScale = timeScale;
        this.namespace = namespace;
        this.c2 = c2;
        this.timeout = timeout;
        this.out = out;
        this.noteEvery = noteEvery;
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> opts = new LinkedHashMap<>(Map.of("--orchestrator", "http://127.0.0.1:8080",
                "--namespace", "c2-lab", "--c2", "1.1.1.1", "--timeout", "600",
                "--time-scale", Optional.ofNullable(System.getenv("C2_TIME_SCALE")).orElse("1")));
        String token = System.getenv("C2_API_TOKEN");
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i], args[i + 1]);
        }
        if (opts.containsKey("--token")) {
            token = opts.get("--token");
        }
        LabScenario scenario = new LabScenario(new OrchestratorClient(URI.create(opts.get("--orchestrator")), token),
                opts.get("--namespace"), opts.get("--c2"), Duration.ofSeconds(Long.parseLong(opts.get("--timeout"))),
                Double.parseDouble(opts.get("--time-scale")), System.out);
        ObjectNode summary;
        try {
            summary = scenario.run();
        } catch (RuntimeException e) {
            System.out.println();
            System.out.println("scenario FAILED: " + e.getMessage());
            summary = JSON.createObjectNode().put("success", false).put("error", String.valueOf(e.getMessage()));
        }
        if (opts.containsKey("--summary")) {
            Files.writeString(Path.of(opts.get("--summary")), JSON.writeValueAsString(summary));
        }
        System.exit(summary.path("success").asBoolean() ? 0 : 1);
    }

    ObjectNode run() {
        Instant start = Instant.now();
        out.println("== scenario: set up the experiment in namespace " + namespace);
        JsonNode setup = api.post("/api/experiment/setup?namespace=" + namespace, null);
        awaitCommands(setup, "setup (reset + deploy)");
        List<JsonNode> pods = await("8 Running pods", () -> {
            List<JsonNode> running = new ArrayList<>();
            api.get("/api/cluster/pods", Map.of("namespace", namespace)).forEach(p -> {
                if ("Running".equals(p.path("phase").asText())) {
                    running.add(p);
                }
            });
            return running.size() >= EXPECTED_PODS ? Optional.of(running) : Optional.empty();
        });
        Set<String> podsBefore = names(pods);
        step(null, "setup done: " + pods.size() + " pods Running: " + String.join(", ", podsBefore));

        JsonNode benign = await("benign flows to 8.8.8.8", () -> {
            JsonNode flows = api.get("/api/flows", Map.of("destination", "8.8.8.8", "last", "200"));
            Set<String> sources = new LinkedHashSet<>();
            flows.forEach(f -> {
                if (!f.path("reply").asBoolean() && namespace.equals(f.path("source").path("namespace").asText())) {
                    sources.add(f.path("source").path("pod").asText());
                }
            });
            return sources.size() >= EXPECTED_PODS / 2 ? Optional.of(flows) : Optional.empty();
        });
        step(null, "benign flows observed: " + benign.size() + " recent flows to 8.8.8.8, "
                + benign.get(0).path("verdict").asText());

        out.println("== scenario: infect a random Running target pod");
        JsonNode infect = api.post("/api/experiment/infect",
                JSON.createObjectNode().put("namespace", namespace).put("c2Address", c2).toString());
        JsonNode infectDone = awaitCommands(infect, "infect").get(0);
        // when the simulator finished (its clock), not when this poll noticed: the first ping may come before that
        infectedAt = infectDone.path("endedAt").isTextual() ? Instant.parse(infectDone.path("endedAt").asText())
                : Instant.now();
        String pod = infectDone.path("details").path("pod").asText();
        String key = namespace + "/" + pod;
        step(infectedAt, "infected " + key + " on " + infectDone.path("details").path("node").asText("?")
                + " (cron pings " + c2 + " every minute)");

        JsonNode firstC2 = await("the first C2 flow from " + pod, () -> earliestRequest(
                api.get("/api/flows", Map.of("pod", key, "destination", c2, "last", "1000"))));
        Instant c2SeenAt = Instant.now();
        Instant c2FlowAt = Instant.parse(firstC2.path("time").asText());
        // a flow's time is lab time: on the wall-clock timeline only at real time; else when the API showed it
        step(realTime() ? c2FlowAt : c2SeenAt, "first C2 flow: " + pod + " -> " + c2 + " "
                + firstC2.path("verdict").asText() + (realTime() ? "" : " (seen in the API; lab time "
                + c2FlowAt + ")"));

        JsonNode alert = await("an alert on " + pod, () -> firstOf(api.get("/api/alerts"),
                a -> pod.equals(a.path("alert").path("pod").path("name").asText()))).path("alert");
        Instant alertAt = Instant.parse(alert.path("detectedAt").asText());
        String alertId = alert.path("id").asText();
        step(alertAt, "alert: " + alert.path("detector").asText() + " score " + alert.path("score").asText()
                + " " + alert.path("attackTechnique").asText() + " (" + alert.path("reason").asText() + ")");

        // the incident's timeline repeats the alert above (same alert id): each line is printed once, by its ref
        Set<String> seen = new LinkedHashSet<>(Set.of("alert " + alertId));
        Set<String> otherIds = new LinkedHashSet<>();
        JsonNode[] latest = new JsonNode[1];
        JsonNode incident = await("the incident to be resolved and the quarantine lifted", () -> {
            JsonNode found = firstOf(api.get("/api/incidents"), i -> key.equals(i.path("pod").asText()))
                    .orElse(null);
            latest[0] = found;
            if (found == null) {
                return Optional.empty();
            }
            newSteps(found, seen, otherIds).forEach(s -> step(s.at(), s.text()));
            // resolved once verified; the quarantine is lifted right after, so wait for that step too
            return "RESOLVED".equals(found.path("status").asText()) && quarantineLifted(found) ? Optional.of(found)
                    : Optional.empty();
        }, () -> waitingFor(key, latest[0]));
        step(Instant.now(), "incident " + incident.path("id").asText()
                + (otherIds.isEmpty() ? "" : " (" + String.join(", ", otherIds) + ")") + " RESOLVED");

        return summarize(start, pod, key, podsBefore, firstC2, c2FlowAt, alertAt, incident);
    }

    /** A line of the timeline: when it happened and what. */
    record Step(Instant at, String text) {
    }

    /**
     * The incident's lines not printed yet, in time order. The line saying the mitigation service named the incident
     * by another id takes the time of the first new mitigation step (the step that carried that id; the API does
     * not say which step did), so it comes right before that step instead of when this poll noticed it.
     */
    static List<Step> newSteps(JsonNode incident, Set<String> seen, Set<String> otherIds) {
        List<Step> steps = new ArrayList<>();
        Instant firstNewStep = null;
        Instant lastStep = null;
        for (JsonNode entry : incident.path("timeline")) {
            String kind = entry.path("kind").asText();
            String ref = entry.path("ref").asText("");
            String label = kind + " " + (ref.isEmpty() ? entry.path("status").asText() + " "
                    + entry.path("action").asText("") + " " + entry.path("at").asText() : ref);
            Instant at = Instant.parse(entry.path("at").asText());
            boolean fresh = seen.add(label);
            if ("mitigation".equals(kind)) {
                lastStep = lastStep == null || at.isAfter(lastStep) ? at : lastStep;
                if (fresh && (firstNewStep == null || at.isBefore(firstNewStep))) {
                    firstNewStep = at;
                }
            }
            if (fresh) {
                steps.add(new Step(at, "alert".equals(kind)
                        ? "another alert (" + entry.path("status").asText() + "): " + entry.path("summary").asText("")
                        : entry.path("status").asText() + " " + entry.path("action").asText("") + " "
                                + entry.path("summary").asText("")));
            }
        }
        Instant namedAt = firstNewStep != null ? firstNewStep : lastStep != null ? lastStep : Instant.now();
        List<Step> named = new ArrayList<>();
        for (JsonNode alias : incident.path("aliases")) {
            if (otherIds.add(alias.asText())) {
                named.add(new Step(namedAt, "incident " + incident.path("id").asText() + " is named "
                        + alias.asText() + " by the mitigation service (the same incident; its steps below use "
                        + "that id)"));
            }
        }
        steps.addAll(0, named);
        // stable: a naming line stays before the step of the same time that carried the name
        steps.sort(Comparator.comparing(Step::at));
        return steps;
    }

    private static boolean quarantineLifted(JsonNode incident) {
        return statusTime(incident, "APPLIED", "cilium:quarantine") == null
                || statusTime(incident, "REVERTED", "cilium:quarantine") != null;
    }

    /** What the wait for the incident's resolution is waiting for, from the incident as last seen. */
    private String waitingFor(String key, JsonNode incident) {
        if (incident == null) {
            return "no incident for " + key + " yet";
        }
        String status = incident.path("status").asText();
        if ("RESOLVED".equals(status)) {
            return "incident RESOLVED; the quarantine is lifted next";
        }
        if (!"OPEN".equals(status) && !"CONTAINED".equals(status)) {
            return "incident " + status;
        }
        String window = verificationWindow(incident);
        return "incident " + status + "; verification needs "
                + (window == null ? "the intent's verification window" : window)
                + " of flow time with no C2 attempt";
    }

    /**
     * The verificationWindow of the intent whose steps belong to the incident, from {@code /api/mitigations} and
     * {@code /api/intents/{name}}; null while no step names an intent or the API cannot say.
     */
    private String verificationWindow(JsonNode incident) {
        if (verificationWindow != null) {
            return verificationWindow;
        }
        Set<String> ids = new LinkedHashSet<>();
        ids.add(incident.path("id").asText());
        incident.path("aliases").forEach(a -> ids.add(a.asText()));
        try {
            for (JsonNode m : api.get("/api/mitigations")) {
                String intent = m.path("intent").asText("");
                if (!intent.isEmpty() && (ids.contains(m.path("incidentId").asText())
                        || incident.path("pod").asText().equals(m.path("pod").asText()))) {
                    String window = api.get("/api/intents/" + URLEncoder.encode(intent, StandardCharsets.UTF_8)).path("verificationWindow").asText("");
                    verificationWindow = window.isEmpty() ? null : window;
                    return verificationWindow;
                }
            }
        } catch (OrchestratorClient.ApiException e) {
            return null;
        }
        return null;
    }

    private boolean realTime() {
        return timeScale == 1.0;
    }

    /** The oldest request (not reply) among flows, whatever order the API lists them in. */
    private static Optional<JsonNode> earliestRequest(JsonNode flows) {
        JsonNode earliest = null;
        for (JsonNode f : flows) {
            if (!f.path("reply").asBoolean() && f.path("time").isTextual() && (earliest == null
                    || Instant.parse(f.path("time").asText()).isBefore(Instant.parse(earliest.path("time").asText())))) {
                earliest = f;
            }
        }
        return Optional.ofNullable(earliest);
    }

    /**
     * The summary line for flow → alert: from the C2 flow's Hubble time to when the detector raised the alert. The
     * flow's time comes from the lab clock and the alert's from the observer's wall clock, so it is computed only
     * when the lab runs at real time ({@code --time-scale 1}); a negative value can then only be clock skew, and
     * says so.
     *
     * @return the line's text after the label, and the milliseconds if computed
     */
    static Map.Entry<String, Long> flowToAlert(Instant flowAt, Instant alertAt, double timeScale) {
        if (timeScale != 1.0) {
            return Map.entry("n/a at --time-scale " + formatScale(timeScale) + " (flow times are lab time, "
                    + "alert times wall time)", Long.MIN_VALUE);
        }
        long ms = Duration.between(flowAt, alertAt).toMillis();
        String how = "(C2 flow's Hubble time -> alert raised by the observer)";
        if (ms < 0) {
            how = "(negative: the flow's timestamp is ahead of the observer's clock by that much; clock skew)";
        }
        return Map.entry(ms + " ms " + how, ms);
    }

    private static String formatScale(double scale) {
        return scale == Math.rint(scale) ? String.valueOf((long) scale) : String.valueOf(scale);
    }

    private ObjectNode summarize(Instant start, String pod, String key, Set<String> podsBefore, JsonNode firstC2,
            Instant c2FlowAt, Instant alertAt, JsonNode incident) {
        JsonNode c2Flows = api.get("/api/flows", Map.of("pod", key, "destination", c2, "last", "10000"));
        long forwarded = 0;
        long dropped = 0;
        for (JsonNode f : c2Flows) {
            if (f.path("reply").asBoolean()) {
                continue;
            }
            if ("FORWARDED".equals(f.path("verdict").asText())) {
                forwarded++;
            } else if ("DROPPED".equals(f.path("verdict").asText())) {
                dropped++;
            }
        }
        Instant quarantinedAt = statusTime(incident, "APPLIED", "cilium:quarantine");
        Instant evictedAt = statusTime(incident, "APPLIED", "pod:evict-file");
        Instant verifiedAt = statusTime(incident, "VERIFIED", null);
        Instant recoveredAt = statusTime(incident, "REVERTED", "cilium:quarantine");

        Set<String> alerted = new LinkedHashSet<>();
        api.get("/api/alerts").forEach(a -> {
            JsonNode p = a.path("alert").path("pod");
            if (namespace.equals(p.path("namespace").asText())) {
                alerted.add(p.path("name").asText());
            }
        });
        Set<String> touched = new LinkedHashSet<>();
        api.get("/api/incidents").forEach(i -> {
            if (namespace.equals(i.path("namespace").asText())) {
                touched.add(i.path("podName").asText());
            }
        });
        List<JsonNode> podsAfter = new ArrayList<>();
        api.get("/api/cluster/pods", Map.of("namespace", namespace)).forEach(podsAfter::add);
        long untouched = podsAfter.stream()
                .filter(p -> !p.path("name").asText().equals(pod))
                .filter(p -> podsBefore.contains(p.path("name").asText()))
                .filter(p -> !p.path("quarantined").asBoolean() && !p.path("evicted").asBoolean()
                        && !p.path("infected").asBoolean())
                .filter(p -> !touched.contains(p.path("name").asText()))
                .count();

        ObjectNode s = JSON.createObjectNode();
        s.put("infectedPod", key);
        s.putPOJO("alertedPods", alerted);
        s.putPOJO("incidentPods", touched);
        s.put("quarantined", quarantinedAt != null);
        s.put("evicted", evictedAt != null);
        s.put("verified", verifiedAt != null);
        s.put("recovered", recoveredAt != null);
        s.put("resolved", "RESOLVED".equals(incident.path("status").asText()));
        s.put("c2RequestsForwarded", forwarded);
        s.put("c2RequestsDropped", dropped);
        s.put("otherPodsUntouched", untouched);
        s.put("firstC2FlowTime", firstC2.path("time").asText());
        Map.Entry<String, Long> flowToAlert = flowToAlert(c2FlowAt, alertAt, timeScale);
        if (flowToAlert.getValue() != Long.MIN_VALUE) {
            s.put("flowToAlertMs", flowToAlert.getValue());
        }
        if (quarantinedAt != null) {
            s.put("alertToQuarantineMs", Duration.between(alertAt, quarantinedAt).toMillis());
        }
        if (evictedAt != null) {
            s.put("alertToEvictionMs", Duration.between(alertAt, evictedAt).toMillis());
        }
        s.put("totalSeconds", Duration.between(start, Instant.now()).toSeconds());
        s.put("success", alerted.equals(Set.of(pod)) && quarantinedAt != null && evictedAt != null
                && verifiedAt != null && recoveredAt != null && untouched == EXPECTED_PODS - 1);

        out.println();
        out.println("== summary");
        out.printf("  infected pod:                    %s%n", key);
        out.printf("  pods alerted:                    %s%n", alerted);
        out.printf("  contained / evicted / verified / recovered: %s / %s / %s / %s%n", quarantinedAt != null,
                evictedAt != null, verifiedAt != null, recoveredAt != null);
        out.printf("  C2 echo requests forwarded:      %d (dropped by the quarantine: %d)%n", forwarded, dropped);
        out.printf("  C2 flow -> alert:                %s%n", flowToAlert.getKey());
        if (quarantinedAt != null) {
            out.printf("  alert -> quarantine policy:      %d ms%n", s.path("alertToQuarantineMs").asLong());
        }
        if (evictedAt != null) {
            out.printf("  alert -> crontab entry evicted:  %d ms%n", s.path("alertToEvictionMs").asLong());
        }
        out.printf("  other pods untouched:            %d of %d%n", untouched, EXPECTED_PODS - 1);
        out.printf("  result:                          %s%n", s.path("success").asBoolean() ? "SUCCESS" : "FAILURE");
        return s;
    }

    private static Instant statusTime(JsonNode incident, String status, String action) {
        for (JsonNode e : incident.path("timeline")) {
            if (status.equals(e.path("status").asText())
                    && (action == null || action.equals(e.path("action").asText()))) {
                return Instant.parse(e.path("at").asText());
            }
        }
        return null;
    }

    private List<JsonNode> awaitCommands(JsonNode accepted, String what) {
        List<String> ids = new ArrayList<>();
        accepted.path("ids").forEach(id -> ids.add(id.asText()));
        if (ids.isEmpty()) {
            ids.add(accepted.path("commandId").asText());
        }
        List<JsonNode> done = new ArrayList<>();
        for (String id : ids) {
            done.add(await(what + " command " + id, () -> {
                JsonNode status = api.get("/api/commands/" + id);
                String state = status.path("state").asText();
                if (Set.of("rejected", "failed", "cancelled").contains(state)) {
                    throw new IllegalStateException(what + " " + state + ": " + status.path("message").asText());
                }
                return "done".equals(state) ? Optional.of(status) : Optional.empty();
            }));
        }
        return done;
    }

    private <T> T await(String what, Supplier<Optional<T>> probe) {
        return await(what, probe, () -> null);
    }

    /**
     * Polls until the probe answers; every {@code noteEvery} says how long it has waited and, where {@code why}
     * knows, what for.
     */
    private <T> T await(String what, Supplier<Optional<T>> probe, Supplier<String> why) {
        Instant started = Instant.now();
        Instant deadline = started.plus(timeout);
        Instant nextNote = started.plus(noteEvery);
        while (Instant.now().isBefore(deadline)) {
            Optional<T> result;
            try {
                result = probe.get();
            } catch (OrchestratorClient.ApiException e) {
                result = Optional.empty();
                if (Instant.now().isAfter(nextNote)) {
                    out.println("  ... " + e.getMessage());
                }
            }
            if (result.isPresent()) {
                return result.get();
            }
            if (Instant.now().isAfter(nextNote)) {
                String reason = why.get();
                out.println("  ... still waiting for " + what + " (" + Duration.between(started, Instant.now())
                        .toSeconds() + " s" + (reason == null ? "" : "; " + reason) + ")");
                nextNote = Instant.now().plus(noteEvery);
            }
            try {
                Thread.sleep(100); // polling a remote API: the wait is the point, nothing to await locally
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what);
            }
        }
        throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s waiting for " + what);
    }

    private static Optional<JsonNode> firstOf(JsonNode array, java.util.function.Predicate<JsonNode> test) {
        for (JsonNode n : array) {
            if (test.test(n)) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }

    private static Set<String> names(List<JsonNode> pods) {
        Set<String> names = new LinkedHashSet<>();
        pods.forEach(p -> names.add(p.path("name").asText()));
        return names;
    }

    private void step(Instant at, String text) {
        String when;
        if (infectedAt == null || at == null) {
            when = "  setup  ";
        } else {
            long ms = Duration.between(infectedAt, at).toMillis();
            when = String.format("%s%02d:%02d.%01d", ms <= -100 ? "-" : "+", Math.abs(ms) / 60000,
                    (Math.abs(ms) / 1000) % 60, (Math.abs(ms) / 100) % 10);
        }
        String line = "  " + when + "  " + text;
        timeline.add(line);
        out.println(line);
    }
}
