package io.c2intents.hubble.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads one line of Hubble JSON ({@code {"flow":…,"node_name":…,"time":…}}, a bare flow, {@code node_status},
 * {@code lost_events}, ...) into a {@link FlowLine} with a single Jackson streaming pass and no protobuf: this is
 * the detector's hot path. Keys it does not need are skipped, so fields added by newer Cilium are ignored; zero
 * values that protojson leaves out read as "" / 0 ({@code {"ICMPv4":{}}} is ICMP type 0, an echo reply).
 * Thread-safe.
 */
public final class FlowLines {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
            .build();

    /** What every error message says the input should look like. */
    public static final String EXPECTED_FORMAT = "expected one JSON object per line as `hubble observe -o json` "
            + "writes it: {\"flow\":{...},\"node_name\":\"...\",\"time\":\"...\"}";

    /** Flow keys this reader skips; seen at the top level they still mark the line as a bare flow. */
    private static final Set<String> OTHER_FLOW_KEYS = Set.of("emitter", "drop_reason", "auth_type", "ethernet",
            "tunnel", "node_labels", "source_names", "destination_names", "l7", "event_type", "source_service",
            "destination_service", "policy_match_type", "trace_observation_point", "trace_reason", "file",
            "ip_trace_id", "debug_capture_point", "interface", "proxy_port", "trace_context", "sock_xlate_point",
            "socket_cookie", "cgroup_id", "Summary", "egress_allowed_by", "ingress_allowed_by", "egress_denied_by",
            "ingress_denied_by", "policy_log", "aggregate");

    private FlowLines() {
    }

    /**
     * Reads one line (no line terminator needed; surrounding whitespace allowed).
     *
     * @throws HubbleJsonException when the line is not one complete JSON object or a known field has the wrong
     *                             type; the message names the problem and the expected format
     */
    public static FlowLine read(String line) {
        try (JsonParser p = FACTORY.createParser(line)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new HubbleJsonException((first == null ? "empty line" : "found " + describe(first)) + "; "
                        + EXPECTED_FORMAT);
            }
            FlowLine result = readTopLevel(p);
            JsonToken trailing = p.nextToken();
            if (trailing != null) {
                throw new HubbleJsonException("more than one JSON value on the line (found " + describe(trailing)
                        + " after the object); " + EXPECTED_FORMAT);
            }
            return result;
        } catch (JsonProcessingException e) {
            throw new HubbleJsonException("not valid JSON: " + e.getOriginalMessage() + " (at column "
                    + e.getLocation().getColumnNr() + "); " + EXPECTED_FORMAT, e);
        } catch (IOException e) {
            throw new HubbleJsonException("cannot read line: " + e.getMessage(), e);
        }
    }

    private static FlowLine readTopLevel(JsonParser p) throws IOException {
        FlowBuilder top = new FlowBuilder();
        FlowSummary wrapped = null;
        EventKind kind = EventKind.EMPTY;
        long lost = 0;
        String nodeName = "";
        long time = HubbleTime.NONE;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "flow" -> {
                    expectObject(p, value, "flow");
                    FlowBuilder inner = new FlowBuilder();
                    inner.readObject(p);
                    wrapped = inner.build();
                    kind = EventKind.FLOW;
                }
                case "node_status" -> {
                    expectObject(p, value, "node_status");
                    p.skipChildren();
                    kind = EventKind.NODE_STATUS;
                }
                case "lost_events" -> {
                    expectObject(p, value, "lost_events");
                    lost = readLostCount(p);
                    kind = EventKind.LOST_EVENTS;
                }
                case "agent_event" -> {
                    p.skipChildren();
                    kind = EventKind.AGENT_EVENT;
                }
                case "debug_event" -> {
                    p.skipChildren();
                    kind = EventKind.DEBUG_EVENT;
                }
                case "node_name" -> {
                    nodeName = text(p, value, "node_name");
                    top.nodeName = nodeName;
                }
                case "time" -> {
                    time = time(p, value, "time");
                    top.timeNanos = time;
                }
                default -> top.field(name, value, p);
            }
        }
        if (kind == EventKind.EMPTY && top.sawFlowField) {
            return new FlowLine(EventKind.FLOW, true, top.nodeName, top.timeNanos, top.build(), 0);
        }
        return new FlowLine(kind, false, nodeName, time, kind == EventKind.FLOW ? wrapped : null, lost);
    }

    private static long readLostCount(JsonParser p) throws IOException {
        long lost = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (name.equals("num_events_lost")) {
                lost = uint64(p, value, "lost_events.num_events_lost");
            } else {
                p.skipChildren();
            }
        }
        return lost;
    }

    /** Accumulates the fields of one flow object; also used for the top level, where a bare flow's fields sit. */
    private static final class FlowBuilder {
        long timeNanos = HubbleTime.NONE;
        String uuid = "";
        String verdict = "";
        String dropReasonDesc = "";
        String sourceIp = "";
        String destinationIp = "";
        EndpointSummary source = EndpointSummary.NONE;
        EndpointSummary destination = EndpointSummary.NONE;
        String nodeName = "";
        String l4Protocol = "";
        int icmpType = -1;
        int icmpCode = -1;
        int sourcePort;
        int destinationPort;
        Boolean isReply;
        boolean replyFlag;
        String trafficDirection = "";
        String flowType = "";
        boolean sawFlowField;

        void readObject(JsonParser p) throws IOException {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "time" -> timeNanos = time(p, value, "flow.time");
                    case "node_name" -> nodeName = text(p, value, "flow.node_name");
                    default -> field(name, value, p);
                }
            }
        }

        /** One field of a flow other than time and node_name; unknown ones are skipped. */
        void field(String name, JsonToken value, JsonParser p) throws IOException {
            switch (name) {
                case "uuid" -> uuid = text(p, value, "flow.uuid");
                case "verdict" -> verdict = text(p, value, "flow.verdict");
                case "drop_reason_desc" -> dropReasonDesc = text(p, value, "flow.drop_reason_desc");
                case "IP" -> readIp(p, value);
                case "l4" -> readL4(p, value);
                case "source" -> source = readEndpoint(p, value, "flow.source");
                case "destination" -> destination = readEndpoint(p, value, "flow.destination");
                case "is_reply" -> isReply = bool(p, value, "flow.is_reply");
                case "reply" -> replyFlag = bool(p, value, "flow.reply");
                case "traffic_direction" -> trafficDirection = text(p, value, "flow.traffic_direction");
                case "Type" -> flowType = text(p, value, "flow.Type");
                default -> {
                    p.skipChildren();
                    if (!OTHER_FLOW_KEYS.contains(name)) {
                        return;
                    }
                }
            }
            sawFlowField = true;
        }

        private void readIp(JsonParser p, JsonToken value) throws IOException {
            expectObject(p, value, "flow.IP");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "source" -> sourceIp = text(p, v, "flow.IP.source");
                    case "destination" -> destinationIp = text(p, v, "flow.IP.destination");
                    default -> p.skipChildren();
                }
            }
        }

        private void readL4(JsonParser p, JsonToken value) throws IOException {
            expectObject(p, value, "flow.l4");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String protocol = p.currentName();
                JsonToken v = p.nextToken();
                if (v != JsonToken.START_OBJECT) {
                    p.skipChildren();
                    continue;
                }
                l4Protocol = protocol;
                boolean icmp = protocol.equals("ICMPv4") || protocol.equals("ICMPv6");
                if (icmp) {
                    icmpType = 0;
                    icmpCode = 0;
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken f = p.nextToken();
                    switch (name) {
                        case "type" -> {
                            if (icmp) {
                                icmpType = uint32(p, f, "flow.l4." + protocol + ".type");
                            }
                        }
                        case "code" -> {
                            if (icmp) {
                                icmpCode = uint32(p, f, "flow.l4." + protocol + ".code");
                            }
                        }
                        case "source_port" -> sourcePort = uint32(p, f, "flow.l4." + protocol + ".source_port");
                        case "destination_port" ->
                                destinationPort = uint32(p, f, "flow.l4." + protocol + ".destination_port");
                        default -> p.skipChildren();
                    }
                }
            }
        }

        FlowSummary build() {
            Boolean reply = isReply != null ? isReply : replyFlag ? Boolean.TRUE : null;
            return new FlowSummary(timeNanos, uuid, verdict, dropReasonDesc, sourceIp, destinationIp, source,
                    destination, nodeName, l4Protocol, icmpType, icmpCode, sourcePort, destinationPort, reply,
                    trafficDirection, flowType);
        }
    }

    private static EndpointSummary readEndpoint(JsonParser p, JsonToken value, String path) throws IOException {
        expectObject(p, value, path);
        String namespace = "";
        String podName = "";
        List<String> labels = List.of();
        List<EndpointSummary.Workload> workloads = List.of();
        long identity = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "namespace" -> namespace = text(p, v, path + ".namespace");
                case "pod_name" -> podName = text(p, v, path + ".pod_name");
                case "identity" -> identity = uint32(p, v, path + ".identity");
                case "labels" -> labels = readLabels(p, v, path + ".labels");
                case "workloads" -> workloads = readWorkloads(p, v, path + ".workloads");
                default -> p.skipChildren();
            }
        }
        return new EndpointSummary(namespace, podName, labels, workloads, identity);
    }

    private static List<String> readLabels(JsonParser p, JsonToken value, String path) throws IOException {
        expectArray(p, value, path);
        List<String> labels = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            String label = text(p, t, path + "[]");
            labels.add(label.startsWith("k8s:") ? label.substring(4) : label);
        }
        return labels;
    }

    private static List<EndpointSummary.Workload> readWorkloads(JsonParser p, JsonToken value, String path)
            throws IOException {
        expectArray(p, value, path);
        List<EndpointSummary.Workload> workloads = new ArrayList<>(1);
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            expectObject(p, t, path + "[]");
            String name = "";
            String kind = "";
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                switch (field) {
                    case "name" -> name = text(p, v, path + "[].name");
                    case "kind" -> kind = text(p, v, path + "[].kind");
                    default -> p.skipChildren();
                }
            }
            workloads.add(new EndpointSummary.Workload(name, kind));
        }
        return workloads;
    }

    private static String text(JsonParser p, JsonToken value, String path) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (value == JsonToken.VALUE_NULL) {
            return "";
        }
        throw wrongType(p, value, path, "a string");
    }

    private static long time(JsonParser p, JsonToken value, String path) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return HubbleTime.NONE;
        }
        return HubbleTime.parseNanos(text(p, value, path));
    }

    private static Boolean bool(JsonParser p, JsonToken value, String path) throws IOException {
        return switch (value) {
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw wrongType(p, value, path, "true or false");
        };
    }

    /** protojson writes uint32 as a number but accepts a quoted one too. */
    private static int uint32(JsonParser p, JsonToken value, String path) throws IOException {
        long v = switch (value) {
            case VALUE_NUMBER_INT -> p.getLongValue();
            case VALUE_STRING -> parseLong(p.getText(), path);
            case VALUE_NULL -> 0;
            default -> throw wrongType(p, value, path, "an unsigned 32-bit integer");
        };
        if (v < 0 || v > 0xFFFF_FFFFL) {
            throw new HubbleJsonException(path + " = " + v + " is not an unsigned 32-bit integer");
        }
        return (int) Math.min(v, Integer.MAX_VALUE);
    }

    /** protojson writes 64-bit integers as strings. */
    private static long uint64(JsonParser p, JsonToken value, String path) throws IOException {
        return switch (value) {
            case VALUE_STRING -> parseLong(p.getText(), path);
            case VALUE_NUMBER_INT -> p.getLongValue();
            case VALUE_NULL -> 0;
            default -> throw wrongType(p, value, path, "an integer");
        };
    }

    private static long parseLong(String text, String path) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new HubbleJsonException(path + " = \"" + text + "\" is not an integer", e);
        }
    }

    private static void expectObject(JsonParser p, JsonToken value, String path) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            throw wrongType(p, value, path, "an object");
        }
    }

    private static void expectArray(JsonParser p, JsonToken value, String path) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            throw wrongType(p, value, path, "an array");
        }
    }

    private static HubbleJsonException wrongType(JsonParser p, JsonToken value, String path, String expected) {
        return new HubbleJsonException(path + " must be " + expected + ", found " + describe(value) + " (at column "
                + p.currentLocation().getColumnNr() + ")");
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.asString() == null ? token.name() : "'" + token.asString() + "'";
        };
    }
}
