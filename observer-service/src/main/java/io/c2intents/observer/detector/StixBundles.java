package io.c2intents.observer.detector;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.c2intents.hubble.json.HubbleJsonException;
import io.c2intents.hubble.json.HubbleTime;
import io.quarkus.logging.Log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the IP indicators of a STIX 2.1 bundle: {@code indicator} objects whose STIX pattern compares only
 * {@code ipv4-addr:value} / {@code ipv6-addr:value} with {@code =} or {@code ISSUBSET}, joined by {@code OR}
 * ({@code [ipv4-addr:value = '198.51.100.1' OR ipv4-addr:value = '203.0.113.0/24']}). {@code valid_from} and
 * {@code valid_until} are kept so matching honours them against flow time; revoked indicators are left out.
 *
 * <p>Indicators this detector cannot represent faithfully (other pattern languages, {@code AND}, other object types,
 * qualifiers) are skipped with a warning: matching half a pattern would raise false alerts. A file that cannot be read,
 * is not a bundle, or has an indicator with a broken pattern, address or time is an error naming the file and the
 * indicator, which stops start-up.
 */
public final class StixBundles {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One comparison of an IP observable; {@code network-traffic} references are not supported. */
    private static final Pattern COMPARISON = Pattern.compile(
            "^\\s*(ipv4-addr|ipv6-addr):value\\s*(=|ISSUBSET)\\s*'((?:[^'\\\\]|\\\\.)*)'\\s*$");

    private StixBundles() {
    }

    /** The indicators of one bundle file. */
    public static List<Indicator> read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("STIX bundle " + file + " cannot be read: " + e, e);
        }
        JsonNode bundle;
        try {
            bundle = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("STIX bundle " + file + " is not JSON: " + e.getOriginalMessage(), e);
        }
        if (bundle == null || !bundle.isObject() || !"bundle".equals(bundle.path("type").asText())) {
            throw new IllegalArgumentException("STIX bundle " + file + " is not a STIX bundle (expected an object "
                    + "with \"type\": \"bundle\")");
        }
        JsonNode objects = bundle.path("objects");
        if (objects.isMissingNode()) {
            return List.of();
        }
        if (!objects.isArray()) {
            throw new IllegalArgumentException("STIX bundle " + file + ": \"objects\" must be an array");
        }
        List<Indicator> indicators = new ArrayList<>();
        int index = 0;
        for (JsonNode object : objects) {
            if ("indicator".equals(object.path("type").asText())) {
                indicators.addAll(indicator(file, index, object));
            }
            index++;
        }
        return indicators;
    }

    private static List<Indicator> indicator(Path file, int index, JsonNode object) {
        String id = object.path("id").asText("objects[" + index + "]");
        String where = "STIX bundle " + file + ", indicator " + id;
        if (object.path("revoked").asBoolean(false)) {
            Log.infof("%s is revoked; not used", where);
            return List.of();
        }
        String patternType = object.path("pattern_type").asText("stix");
        if (!patternType.equals("stix")) {
            Log.warnf("%s has pattern_type %s; only STIX patterns are used", where, patternType);
            return List.of();
        }
        JsonNode pattern = object.path("pattern");
        if (!pattern.isTextual() || pattern.asText().isBlank()) {
            throw new IllegalArgumentException(where + " has no pattern");
        }
        if (!object.path("valid_from").isTextual()) {
            throw new IllegalArgumentException(where + " has no valid_from (required by STIX 2.1)");
        }
        long from = time(where, "valid_from", object.path("valid_from").asText());
        long until = object.path("valid_until").isTextual()
                ? time(where, "valid_until", object.path("valid_until").asText()) : Long.MAX_VALUE;
        if (until <= from) {
            throw new IllegalArgumentException(where + " has valid_until not after valid_from");
        }
        List<String> values = addresses(where, pattern.asText());
        if (values == null) {
            Log.warnf("%s: pattern %s is not a plain IP address match; indicator skipped", where, pattern.asText());
            return List.of();
        }
        String name = object.path("name").asText(id);
        List<Indicator> result = new ArrayList<>();
        for (String value : values) {
            Cidr network;
            try {
                network = Cidr.parse(value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + " has an invalid address: " + e.getMessage(), e);
            }
            result.add(new Indicator(network, "stix:" + file.getFileName() + "#" + id, name, from, until));
        }
        return result;
    }

    /** The addresses of a pattern made only of IP comparisons joined by OR, or null when it is anything else. */
    static List<String> addresses(String where, String pattern) {
        List<String> values = new ArrayList<>();
        String rest = pattern.trim();
        while (!rest.isEmpty()) {
            if (rest.charAt(0) != '[') {
                return null;
            }
            int close = closingBracket(rest);
            if (close < 0) {
                throw new IllegalArgumentException(where + " has an unbalanced pattern: " + pattern);
            }
            String inner = rest.substring(1, close);
            for (String comparison : splitOr(inner)) {
                Matcher m = COMPARISON.matcher(comparison);
                if (!m.matches()) {
                    return null;
                }
                String value = m.group(3).replace("\\'", "'").replace("\\\\", "\\");
                boolean v6 = m.group(1).equals("ipv6-addr");
                if (v6 != (value.indexOf(':') >= 0)) {
                    throw new IllegalArgumentException(where + " compares " + m.group(1) + " with '" + value + "'");
                }
                values.add(value);
            }
            rest = rest.substring(close + 1).trim();
            if (rest.isEmpty()) {
                break;
            }
            if (!rest.startsWith("OR ") && !rest.startsWith("OR[")) {
                return null; // AND, FOLLOWEDBY or a qualifier (WITHIN, REPEATS, START/STOP)
            }
            rest = rest.substring(2).trim();
        }
        return values.isEmpty() ? null : values;
    }

    /** Index of the bracket closing the one at 0, skipping quoted strings; -1 when unbalanced. */
    private static int closingBracket(String s) {
        boolean quoted = false;
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '\'') {
                    quoted = false;
                }
            } else if (c == '\'') {
                quoted = true;
            } else if (c == ']') {
                return i;
            } else if (c == '[') {
                return -1;
            }
        }
        return -1;
    }

    /** Splits a comparison expression on OR outside quotes; an AND keeps it whole, so it fails to match later. */
    private static List<String> splitOr(String expression) {
        List<String> parts = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < expression.length(); i++) {
            char c = expression.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '\'') {
                    quoted = false;
                }
            } else if (c == '\'') {
                quoted = true;
            } else if (expression.startsWith(" OR ", i)) {
                parts.add(expression.substring(start, i));
                start = i + 4;
                i += 3;
            }
        }
        parts.add(expression.substring(start));
        return parts;
    }

    private static long time(String where, String field, String text) {
        try {
            return HubbleTime.parseNanos(text);
        } catch (HubbleJsonException e) {
            throw new IllegalArgumentException(where + " has an invalid " + field + " '" + text + "'", e);
        }
    }
}
