package io.c2intents.orchestrator.rest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Error texts a person can act on: no Java class names, no regular expressions, and for unreadable JSON where it
 * broke (line and column) and what was expected.
 */
final class Readable {

    static final String DURATION = "an ISO-8601 duration like PT30S";

    /** The contracts' schema patterns, in words. */
    private static final Map<String, String> PATTERNS = Map.of(
            "^P(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+(\\.\\d+)?S)?)$", DURATION,
            "^D3-[A-Z]+$", "a D3FEND technique id like D3-NTF",
            "^T[0-9]{4}(\\.[0-9]{3})?$", "an ATT&CK technique id like T1095 or T1071.001",
            "^[0-9*,/-]+( [0-9*,/-]+){4}$", "a 5-field cron schedule like '*/1 * * * *'",
            "^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$", "an id of letters, digits and . _ : - (at most 128)",
            "^[a-z0-9-]+:[a-z0-9-]+$", "an action address like cilium:quarantine",
            "^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$",
                    "a DNS-1123 subdomain (lower-case letters, digits, '-' and '.', at most 253)",
            "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", "a DNS-1123 label (lower-case letters, digits and '-', at most 63)",
            "^([A-Za-z]+/)?[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$", "a name, or Kind/name like Deployment/target");

    private static final Pattern REGEX_MISMATCH = Pattern.compile("does not match the regex pattern (\\S+)");
    private static final Pattern BACKTICKED = Pattern.compile("`(?:[\\w$]+\\.)*([\\w$]+)`");
    private static final Pattern QUALIFIED = Pattern.compile("\\b(?:[a-z_][a-z0-9_]*\\.)+([A-Z][\\w$]*)");
    private static final Pattern EXCEPTION_NAME = Pattern.compile("\\(?\\b[A-Z][\\w$]*(Exception|Error)\\)?:?\\s*");

    private Readable() {
    }

    /** A contract problem or library message without regexes and class names. */
    static String text(String message) {
        if (message == null) {
            return "is not valid";
        }
        Matcher regex = REGEX_MISMATCH.matcher(message);
        if (regex.find()) {
            String pattern = regex.group(1);
            message = message.substring(0, regex.start()) + "is not "
                    + PATTERNS.getOrDefault(pattern, "in the form the contract requires") + message.substring(regex.end());
        }
        if (message.contains("Duration") && message.contains("deserialize")) {
            Matcher value = Pattern.compile("from String \"([^\"]*)\"").matcher(message);
            return (value.find() ? "'" + value.group(1) + "' is not " : "not ") + DURATION;
        }
        message = BACKTICKED.matcher(message).replaceAll("$1");
        message = QUALIFIED.matcher(message).replaceAll("$1");
        message = EXCEPTION_NAME.matcher(message).replaceAll("");
        return message.trim();
    }

    /** What is wrong with an unreadable body, and where. */
    static String json(JsonProcessingException e) {
        String where = where(e.getLocation());
        if (e instanceof UnrecognizedPropertyException unknown) {
            String known = unknown.getKnownPropertyIds() == null ? ""
                    : " (known: " + unknown.getKnownPropertyIds().stream().map(String::valueOf)
                            .collect(Collectors.toCollection(TreeSet::new)) + ")";
            return "unknown field '" + unknown.getPropertyName() + "'" + known;
        }
        if (e instanceof InvalidFormatException format) {
            Class<?> type = format.getTargetType();
            String value = String.valueOf(format.getValue());
            if (type != null && type.isEnum()) {
                return "'" + value + "' is not one of " + Arrays.stream(type.getEnumConstants())
                        .map(c -> c.toString().toLowerCase()).toList();
            }
            return "'" + value + "' is not " + describe(type);
        }
        if (e instanceof MismatchedInputException mismatch) {
            Class<?> type = mismatch.getTargetType();
            if (type != null && Duration.class.isAssignableFrom(type)) {
                return "expected " + DURATION;
            }
            return (type == null ? text(e.getOriginalMessage()) : "expected " + describe(type)) + where;
        }
        if (e instanceof StreamReadException || e.getCause() instanceof StreamReadException
                || !(e instanceof JsonMappingException)) {
            return "malformed JSON" + where + ": " + text(e.getOriginalMessage());
        }
        return text(e.getOriginalMessage()) + where;
    }

    private static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "a valid value";
        }
        if (Duration.class.isAssignableFrom(type)) {
            return DURATION;
        }
        if (Instant.class.isAssignableFrom(type)) {
            return "an ISO-8601 time like 2026-03-14T09:21:00Z";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == double.class || type == Double.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a JSON array";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(c -> c.toString().toLowerCase()).toList();
        }
        return "a JSON object";
    }
}
