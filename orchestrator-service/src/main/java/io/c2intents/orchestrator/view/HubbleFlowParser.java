package io.c2intents.orchestrator.view;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the few fields the views need from a Hubble JSON line ({@code hubble observe -o json}: a
 * {@code {"flow":{...},"node_name":...,"time":...}} wrapper, or a bare flow). The rest of the flow is ignored on
 * purpose: the orchestrator shows flows, it does not judge them.
 */
public final class HubbleFlowParser {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String K8S_LABEL_PREFIX = "k8s:";

    private HubbleFlowParser() {
    }

    /**
     * Parses one line.
     *
     * @throws IllegalArgumentException naming the field, when the line is not a Hubble flow
     */
    public static FlowRecord parse(long seq, String key, String json) {
        if (json == null || json.isBlank()) {
            throw new IllegalArgumentException("$: empty record, expected a Hubble flow JSON object");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("$: not JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("$: expected a JSON object");
        }
        JsonNode flow = root.has("flow") ? root.get("flow") : root;
        if (!flow.isObject()) {
            throw new IllegalArgumentException("$.flow: expected an object");
        }
        Instant time = time(flow.path("time"), "$.flow.time");
        if (time == null) {
            time = time(root.path("time"), "$.time");
        }
        if (time == null) {
            throw new IllegalArgumentException("$.flow.time: is missing");
        }
        String verdict = text(flow, "verdict");
        if (verdict == null) {
            // proto3 JSON leaves zero values out: no verdict is VERDICT_UNKNOWN
            verdict = "VERDICT_UNKNOWN";
        }
        JsonNode ip = flow.path("IP");
        String node = text(flow, "node_name");
        if (node == null) {
            node = text(root, "node_name");
        }
        return new FlowRecord(seq, key, time, verdict, text(flow, "drop_reason_desc"), protocol(flow.path("l4")),
                endpoint(text(ip, "source"), flow.path("source")),
                endpoint(text(ip, "destination"), flow.path("destination")),
                node, flow.path("is_reply").asBoolean(flow.path("reply").asBoolean(false)), text(flow, "Summary"));
    }

    private static Instant time(JsonNode node, String field) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        try {
            return Instant.parse(node.asText());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + ": not an RFC 3339 time: " + node.asText());
        }
    }

    private static String protocol(JsonNode l4) {
        Iterator<String> names = l4.fieldNames();
        return names.hasNext() ? names.next() : null;
    }

    private static FlowEndpoint endpoint(String ip, JsonNode node) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (JsonNode label : node.path("labels")) {
            String text = label.asText();
            if (text.startsWith(K8S_LABEL_PREFIX)) {
                text = text.substring(K8S_LABEL_PREFIX.length());
            }
            int eq = text.indexOf('=');
            if (eq < 0) {
                labels.put(text, "");
            } else {
                labels.put(text.substring(0, eq), text.substring(eq + 1));
            }
        }
        return new FlowEndpoint(ip, text(node, "namespace"), text(node, "pod_name"), labels);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.asText().isEmpty() ? null : value.asText();
    }
}
