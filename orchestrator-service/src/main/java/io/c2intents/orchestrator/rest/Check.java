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
    /** A pod filter: {@code ns/prefix} or {@code prefix}. */
    public static final Pattern POD_FILTER = Pattern.compile("([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?/)?[a-z0-9.-]{0,253}");
    public static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    /** IPv6 in the text form Hubble prints: hex groups and colons, optionally an embedded IPv4. */
    public static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:]{2,39}(\\.[0-9.]+)?");
    public static final Pattern PROTOCOL = Pattern.compile("[A-Za-z0-9]{1,16}");

    /** Hubble's verdicts: the only values the verdict filter can match. */
    public static final java.util.List<String> VERDICTS = java.util.List.of("FORWARDED", "DROPPED", "ERROR", "AUDIT",
            "REDIRECTED", "TRACED", "TRANSLATED");
    /** The name part of a Kubernetes label key, and a label value (empty allowed): at most 63 characters. */
    private static final Pattern LABEL_NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    /** Cilium's label source in front of a key, as Hubble prints labels ({@code k8s:app}, {@code reserved:world}). */
    private static final Pattern LABEL_SOURCE = Pattern.compile("[a-z0-9-]{1,32}");

    private Check() {
    }

    /**
     * What is wrong with a Kubernetes label key ({@code [prefix/]name}: prefix a DNS-1123 subdomain, name at most
     * 63 letters, digits, '-', '_' or '.' starting and ending alphanumeric), or null when it is fine.
     */
    public static String labelKeyProblem(String key) {
        if (key == null || key.isEmpty()) {
            return "a label key is empty";
        }
        int slash = key.indexOf('/');
        String name = slash < 0 ? key : key.substring(slash + 1);
        if (slash >= 0 && (slash == 0 || slash > 253 || !DNS_SUBDOMAIN.matcher(key.substring(0, slash)).matches())) {
            return "label key '" + shorten(key) + "' is not a Kubernetes label key: the prefix before '/' must be a "
                    + "DNS-1123 subdomain such as example.com";
        }
        if (!LABEL_NAME.matcher(name).matches()) {
            return "label key '" + shorten(key) + "' is not a Kubernetes label key: [prefix/]name, the name at most 63 "
                    + "letters, digits, '-', '_' or '.', starting and ending with a letter or digit";
        }
        return null;
    }

    /** What is wrong with a Kubernetes label value (empty, or like a key's name part), or null. */
    public static String labelValueProblem(String value) {
        if (value == null || value.isEmpty() || LABEL_NAME.matcher(value).matches()) {
            return null;
        }
        return "label value '" + shorten(value) + "' is not a Kubernetes label value: at most 63 letters, digits, "
                + "'-', '_' or '.', starting and ending with a letter or digit";
    }

    /** A label filter {@code [source:]key[=value]} with Kubernetes label syntax, else 400. */
    public static String label(String field, String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        int eq = text.indexOf('=');
        String key = eq < 0 ? text : text.substring(0, eq);
        int colon = key.indexOf(':');
        if (colon > 0 && LABEL_SOURCE.matcher(key.substring(0, colon)).matches()) {
            key = key.substring(colon + 1);
        }
        String problem = labelKeyProblem(key);
        if (problem == null && eq >= 0) {
            problem = labelValueProblem(text.substring(eq + 1));
        }
        if (problem != null) {
            throw ApiProblem.badField(field, problem + " (expected key or key=value, e.g. app=target)");
        }
        return text;
    }

    /** One of the allowed values, any case; else 400 listing them. */
    public static String oneOf(String field, String value, java.util.List<String> allowed) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        for (String candidate : allowed) {
            if (candidate.equalsIgnoreCase(value)) {
                return candidate;
            }
        }
        throw ApiProblem.badField(field, "'" + shorten(value) + "' is not one of " + String.join(", ", allowed));
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
