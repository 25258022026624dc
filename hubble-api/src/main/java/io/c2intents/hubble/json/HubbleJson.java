package io.c2intents.hubble.json;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.c2intents.hubble.flow.Flow;
import io.c2intents.hubble.flow.FlowFilter;
import io.c2intents.hubble.observer.GetFlowsResponse;


/**
 * Hubble's JSON, through protobuf: what {@code hubble observe -o json} prints and the Hubble exporter writes.
 * Keys are the proto field names ({@code node_name}, {@code IP}, {@code l4}, {@code ICMPv4}, {@code Type}),
 * enums are names, 64-bit integers are strings and zero values are left out, as Go's protojson with
 * {@code UseProtoNames} does; output is one line with no insignificant whitespace.
 *
 * <p>Use it to serve or write flows (the lab's Relay, the observer's gRPC source) and to read a line whole. To
 * read many lines fast for keying and detection, use {@link FlowLines}. Thread-safe.
 */
public final class HubbleJson {

    private static final JsonFormat.Printer PRINTER = JsonFormat.printer()
            .preservingProtoFieldNames()
            .omittingInsignificantWhitespace();

    /** Newer Cilium adds fields and enum values; they must not make a line unreadable. */
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

    private HubbleJson() {
    }

    /**
     * Parses one line: a {@code GetFlowsResponse}/{@code ExportEvent} ({@code {"flow":…,"node_name":…,"time":…}},
     * {@code {"node_status":…}}, {@code {"lost_events":…}}), or a bare flow, which comes back wrapped as
     * {@link #wrap(Flow)} does. Exporter-only payloads (agent and debug events) come back with no response type.
     *
     * @throws HubbleJsonException when the line is not such an object
     */
    public static GetFlowsResponse parse(String line) {
        // Gson under JsonFormat is lenient (it reads the first of two objects, accepts some non-JSON); the strict
        // streaming read refuses those with a clear message and decides bare flows as the fast path does.
        if (FlowLines.read(line).bareFlow()) {
            return wrap(parseFlow(line));
        }
        GetFlowsResponse.Builder builder = GetFlowsResponse.newBuilder();
        merge(line, builder);
        return builder.build();
    }

    /** Parses a bare flow object. */
    public static Flow parseFlow(String json) {
        Flow.Builder builder = Flow.newBuilder();
        merge(json, builder);
        return builder.build();
    }

    /**
     * Parses a flow filter in Hubble's raw-filter JSON ({@code hubble observe --print-raw-filters}, the exporter's
     * allow/deny lists), e.g. {@code {"source_pod":["kube-system/"],"verdict":["DROPPED"]}}. Unlike flows, a
     * filter with an unknown field is refused: silently dropping part of a filter would widen it.
     */
    public static FlowFilter parseFilter(String json) {
        FlowFilter.Builder builder = FlowFilter.newBuilder();
        try {
            JsonFormat.parser().merge(json, builder);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw new HubbleJsonException("not a Hubble flow filter (" + e.getMessage() + "): expected e.g. "
                    + "{\"source_pod\":[\"default/\"],\"protocol\":[\"icmpv4\"]}", e);
        }
        return builder.build();
    }

    /** A response as one line of {@code hubble observe -o json}. */
    public static String write(GetFlowsResponse response) {
        return print(response);
    }

    /**
     * A flow as one line of {@code hubble observe -o json}: wrapped in a response whose node_name and time are
     * the flow's, as Relay sends it.
     */
    public static String write(Flow flow) {
        return print(wrap(flow));
    }

    /** A flow alone, as the pre-v0.11 CLI printed it and as it sits inside a response's {@code "flow"}. */
    public static String writeBare(Flow flow) {
        return print(flow);
    }

    /** Any of our messages (filters, node status, ...) in the same JSON conventions. */
    public static String print(Message message) {
        try {
            return unescapeHtmlSafe(PRINTER.print(message));
        } catch (InvalidProtocolBufferException e) {
            // Only an Any whose type is not registered gets here; flows from Hubble do not carry one.
            throw new HubbleJsonException("cannot write " + message.getDescriptorForType().getFullName() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The response Relay would send for this flow. */
    public static GetFlowsResponse wrap(Flow flow) {
        GetFlowsResponse.Builder builder = GetFlowsResponse.newBuilder().setFlow(flow).setNodeName(flow.getNodeName());
        if (flow.hasTime()) {
            builder.setTime(flow.getTime());
        }
        return builder.build();
    }

    private static void merge(String json, Message.Builder builder) {
        try {
            PARSER.merge(json, builder);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            // JsonFormat reports malformed JSON as Gson runtime exceptions, not only as its checked one.
            throw new HubbleJsonException("not Hubble JSON (" + e.getMessage() + "); " + FlowLines.EXPECTED_FORMAT,
                    e);
        }
    }

    /**
     * Java's printer escapes {@code = ' < > &} as {@code \u003d}... (Gson's HTML-safe habit); Go's protojson, which
     * Hubble uses, writes them as they are. Put them back so that labels read {@code k8s:app=x} as in
     * {@code hubble observe}. Escapes are read pairwise, so an escaped backslash followed by "u003d" stays as is.
     */
    static String unescapeHtmlSafe(String json) {
        int first = json.indexOf("\\u00");
        if (first < 0) {
            return json;
        }
        StringBuilder out = new StringBuilder(json.length());
        int i = 0;
        int n = json.length();
        while (i < n) {
            char c = json.charAt(i);
            if (c != '\\' || i + 1 >= n) {
                out.append(c);
                i++;
                continue;
            }
            if (json.charAt(i + 1) == 'u' && i + 6 <= n) {
                char decoded = switch (json.substring(i + 2, i + 6)) {
                    case "003d", "003D" -> '=';
                    case "0027" -> '\'';
                    case "003c", "003C" -> '<';
                    case "003e", "003E" -> '>';
                    case "0026" -> '&';
                    default -> 0;
                };
                if (decoded != 0) {
                    out.append(decoded);
                    i += 6;
                    continue;
                }
            }
            // Any other escape (\\, \", \n, \u0001...) is copied whole.
            out.append(c).append(json.charAt(i + 1));
            i += 2;
        }
        return out.toString();
    }
}
