package io.c2intents.lab.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Server-side printing: the {@code meta.k8s.io/v1 Table} that kubectl asks for ({@code Accept: ...;as=Table}) so
 * {@code kubectl get pods -o wide} shows READY, STATUS, IP and NODE as on a real cluster, for the resources the lab
 * is about. Other resources fall back to kubectl's own NAME/AGE printing.
 */
final class TableRenderer {

    private static final Set<String> SUPPORTED = Set.of("pods", "nodes", "namespaces", "deployments", "replicasets",
            "ciliumnetworkpolicies", "ciliumclusterwidenetworkpolicies");

    private record Column(String name, String type, int priority, Function<JsonNode, Object> cell) {
    }

    private TableRenderer() {
    }

    static boolean wanted(String accept, String resource) {
        return accept != null && accept.contains("as=Table") && SUPPORTED.contains(resource);
    }

    /** The table for a list ({@code items}) or a single object. */
    static ObjectNode render(String resource, JsonNode body) {
        List<Column> columns = columns(resource);
        ObjectNode table = ApiStatus.JSON.createObjectNode().put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
        table.putObject("metadata").put("resourceVersion",
                body.path("metadata").path("resourceVersion").asText(""));
        ArrayNode definitions = table.putArray("columnDefinitions");
        for (Column column : columns) {
            definitions.addObject().put("name", column.name()).put("type", column.type())
                    .put("format", column.name().equals("Name") ? "name" : "").put("description", column.name())
                    .put("priority", column.priority());
        }
        ArrayNode rows = table.putArray("rows");
        List<JsonNode> items = new ArrayList<>();
        if (body.has("items")) {
            body.path("items").forEach(items::add);
        } else {
            items.add(body);
        }
        for (JsonNode item : items) {
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            for (Column column : columns) {
                Object value = column.cell().apply(item);
                if (value instanceof Integer number) {
                    cells.add(number);
                } else {
                    cells.add(String.valueOf(value));
                }
            }
            row.set("object", item);
        }
        return table;
    }

    private static List<Column> columns(String resource) {
        Column name = new Column("Name", "string", 0, item -> item.path("metadata").path("name").asText());
        Column age = new Column("Age", "string", 0, TableRenderer::age);
        return switch (resource) {
            case "pods" -> List.of(name,
                    new Column("Ready", "string", 0, TableRenderer::podReady),
                    new Column("Status", "string", 0, TableRenderer::podStatus),
                    new Column("Restarts", "string", 0, TableRenderer::restarts),
                    age,
                    new Column("IP", "string", 1, item -> orNone(item.path("status").path("podIP"))),
                    new Column("Node", "string", 1, item -> orNone(item.path("spec").path("nodeName"))),
                    new Column("Nominated Node", "string", 1, item -> "<none>"),
                    new Column("Readiness Gates", "string", 1, item -> "<none>"));
            case "nodes" -> List.of(name,
                    new Column("Status", "string", 0, TableRenderer::nodeStatus),
                    new Column("Roles", "string", 0, item -> "<none>"),
                    age,
                    new Column("Version", "string", 0,
                            item -> item.path("status").path("nodeInfo").path("kubeletVersion").asText()),
                    new Column("Internal-IP", "string", 1, TableRenderer::internalIp),
                    new Column("External-IP", "string", 1, item -> "<none>"),
                    new Column("OS-Image", "string", 1,
                            item -> item.path("status").path("nodeInfo").path("osImage").asText()),
                    new Column("Kernel-Version", "string", 1,
                            item -> item.path("status").path("nodeInfo").path("kernelVersion").asText()),
                    new Column("Container-Runtime", "string", 1,
                            item -> item.path("status").path("nodeInfo").path("containerRuntimeVersion").asText()));
            case "namespaces" -> List.of(name,
                    new Column("Status", "string", 0, item -> item.path("status").path("phase").asText("Active")),
                    age);
            case "deployments" -> List.of(name,
                    new Column("Ready", "string", 0, item -> item.path("status").path("readyReplicas").asInt(0) + "/"
                            + item.path("spec").path("replicas").asInt(1)),
                    new Column("Up-to-date", "integer", 0,
                            item -> item.path("status").path("updatedReplicas").asInt(0)),
                    new Column("Available", "integer", 0,
                            item -> item.path("status").path("availableReplicas").asInt(0)),
                    age,
                    new Column("Containers", "string", 1, item -> containers(item, "name")),
                    new Column("Images", "string", 1, item -> containers(item, "image")),
                    new Column("Selector", "string", 1, TableRenderer::selector));
            case "replicasets" -> List.of(name,
                    new Column("Desired", "integer", 0, item -> item.path("spec").path("replicas").asInt(1)),
                    new Column("Current", "integer", 0, item -> item.path("status").path("replicas").asInt(0)),
                    new Column("Ready", "integer", 0, item -> item.path("status").path("readyReplicas").asInt(0)),
                    age,
                    new Column("Containers", "string", 1, item -> containers(item, "name")),
                    new Column("Images", "string", 1, item -> containers(item, "image")),
                    new Column("Selector", "string", 1, TableRenderer::selector));
            default -> List.of(name, age, new Column("Valid", "string", 0, TableRenderer::valid));
        };
    }

    private static String podReady(JsonNode pod) {
        int total = pod.path("spec").path("containers").size();
        int ready = 0;
        for (JsonNode status : pod.path("status").path("containerStatuses")) {
            if (status.path("ready").asBoolean()) {
                ready++;
            }
        }
        return ready + "/" + total;
    }

    private static String podStatus(JsonNode pod) {
        if (pod.path("metadata").has("deletionTimestamp")) {
            return "Terminating";
        }
        for (JsonNode status : pod.path("status").path("containerStatuses")) {
            String waiting = status.path("state").path("waiting").path("reason").asText("");
            if (!waiting.isEmpty()) {
                return waiting;
            }
        }
        String phase = pod.path("status").path("phase").asText("");
        if (phase.equals("Pending") && pod.path("spec").path("nodeName").asText("").isEmpty()) {
            return "Pending";
        }
        if (phase.equals("Pending")) {
            return "ContainerCreating";
        }
        return phase.isEmpty() ? "Unknown" : phase;
    }

    private static Integer restarts(JsonNode pod) {
        int restarts = 0;
        for (JsonNode status : pod.path("status").path("containerStatuses")) {
            restarts += status.path("restartCount").asInt(0);
        }
        return restarts;
    }

    private static String nodeStatus(JsonNode node) {
        String ready = "Unknown";
        for (JsonNode condition : node.path("status").path("conditions")) {
            if (condition.path("type").asText().equals("Ready")) {
                ready = condition.path("status").asText().equals("True") ? "Ready" : "NotReady";
            }
        }
        return node.path("spec").path("unschedulable").asBoolean(false) ? ready + ",SchedulingDisabled" : ready;
    }

    private static String internalIp(JsonNode node) {
        for (JsonNode address : node.path("status").path("addresses")) {
            if (address.path("type").asText().equals("InternalIP")) {
                return address.path("address").asText();
            }
        }
        return "<none>";
    }

    private static String containers(JsonNode workload, String field) {
        List<String> values = new ArrayList<>();
        workload.path("spec").path("template").path("spec").path("containers")
                .forEach(container -> values.add(container.path(field).asText()));
        return String.join(",", values);
    }

    private static String selector(JsonNode workload) {
        List<String> labels = new ArrayList<>();
        workload.path("spec").path("selector").path("matchLabels").fields()
                .forEachRemaining(label -> labels.add(label.getKey() + "=" + label.getValue().asText()));
        return labels.isEmpty() ? "<none>" : String.join(",", labels);
    }

    private static String valid(JsonNode policy) {
        for (JsonNode condition : policy.path("status").path("conditions")) {
            if (condition.path("type").asText().equals("Valid")) {
                return condition.path("status").asText();
            }
        }
        return "";
    }

    private static String orNone(JsonNode value) {
        return value.isMissingNode() || value.isNull() || value.asText().isEmpty() ? "<none>" : value.asText();
    }

    private static String age(JsonNode item) {
        String created = item.path("metadata").path("creationTimestamp").asText("");
        if (created.isEmpty()) {
            return "<unknown>";
        }
        try {
            Instant time = created.endsWith("Z") || created.contains("+") ? Instant.parse(created)
                    : Instant.parse(created + "Z");
            return human(Duration.between(time, Instant.now()));
        } catch (DateTimeParseException e) {
            return "<unknown>";
        }
    }

    /** kubectl's HumanDuration: 45s, 3m20s, 25m, 5h10m, 3d4h, 40d, 2y. */
    static String human(Duration duration) {
        long seconds = Math.max(0, duration.getSeconds());
        if (seconds < 120) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 10) {
            return minutes + "m" + (seconds % 60 == 0 ? "" : (seconds % 60) + "s");
        }
        if (minutes < 180) {
            return minutes + "m";
        }
        long hours = minutes / 60;
        if (hours < 8) {
            return hours + "h" + (minutes % 60 == 0 ? "" : (minutes % 60) + "m");
        }
        if (hours < 48) {
            return hours + "h";
        }
        long days = hours / 24;
        if (days < 8) {
            return days + "d" + (hours % 24 == 0 ? "" : (hours % 24) + "h");
        }
        if (days < 730) {
            return days + "d";
        }
        return (days / 365) + "y";
    }
}
