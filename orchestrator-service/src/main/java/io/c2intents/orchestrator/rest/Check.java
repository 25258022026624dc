package io.c2intents.orchestrator.rest;

import java.util.regex.Pattern;

/** Checks on path and query parameters; each failure is a 400 naming the parameter. */
public final class Check {

    /** DNS-1123 label: namespaces and intent names. */
    public static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    /** DNS-1123 subdomain: pod, node and deployment names. */
    public static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
    /** Ids of commands, requests, events and incidents. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    /** A label filter: {@code key} or {@code key=value}. */
    public static final Pattern LABEL = Pattern.compile("([A-Za-z0-9./_-]{1,317}:)?[A-Za-z0-9./_-]{1,317}(=[A-Za-z0-9._-]{0,63})?");
    /** A pod filter: {@code ns/prefix} or {@code prefix}. */
    public static final Pattern POD_FILTER = Pattern.compile("([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?/)?[a-z0-9.-]{0,253}");
    public static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    /** IPv6 in the text form Hubble prints: hex groups and colons, optionally an embedded IPv4. */
    public static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:]{2,39}(\\.[0-9.]+)?");
    public static final Pattern PROTOCOL = Pattern.compile("[A-Za-z0-9]{1,16}");
    public static final Pattern VERDICT = Pattern.compile("[A-Za-z_]{1,32}");

    private Check() {
    }

    /** The value if it matches (null passes when optional), else 400. */
    public static String matches(String field, String value, Pattern pattern, String expected, boolean required) {
        if (value == null || value.isEmpty()) {
            if (required) {
                throw ApiProblem.badField(field, "is missing, expected " + expected);
            }
            return null;
        }
        if (!pattern.matcher(value).matches()) {
            throw ApiProblem.badField(field, "'" + shorten(value) + "' is not " + expected);
        }
        return value;
    }

    /** An integer query parameter taken as text, so a bad one is a 400 naming it (JAX-RS would answer 404). */
    public static int range(String field, String text, int min, int max, int dflt) {
        if (text == null || text.isEmpty()) {
            return dflt;
        }
        int value;
        try {
            value = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw ApiProblem.badField(field, "'" + shorten(text) + "' is not a whole number");
        }
        if (value < min || value > max) {
            throw ApiProblem.badField(field, value + " is out of range, expected " + min + " to " + max);
        }
        return value;
    }

    /** A boolean query parameter taken as text. */
    public static boolean flag(String field, String text) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        if ("true".equalsIgnoreCase(text)) {
            return true;
        }
        if ("false".equalsIgnoreCase(text)) {
            return false;
        }
        throw ApiProblem.badField(field, "'" + shorten(text) + "' is not true or false");
    }

    static String shorten(String value) {
        return value.length() > 80 ? value.substring(0, 80) + "…" : value;
    }
}
