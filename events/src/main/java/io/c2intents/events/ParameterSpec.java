package io.c2intents.events;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One parameter an action declares: its type, whether it is required, its default and what it means. Requests
 * carry parameters as strings (the contract says so); {@link #problem(String)} says what is wrong with a value.
 *
 * @param name parameter name as requests spell it
 * @param type what values are accepted
 * @param required true when a request must give it (and it has no default)
 * @param defaultValue value used when absent, or null
 * @param allowed the accepted values of a {@link Type#CHOICE}
 * @param min lowest accepted {@link Type#INTEGER}, or null
 * @param max highest accepted {@link Type#INTEGER}, or null
 * @param description what it does, in a sentence
 */
public record ParameterSpec(String name, Type type, boolean required, String defaultValue, List<String> allowed,
        Integer min, Integer max, String description) {

    /** Dotted quad, each part 0–255, no leading zeros (which some tools read as octal). */
    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";
    private static final Pattern IPV4 = Pattern.compile("^" + OCTET + "(\\." + OCTET + "){3}\\z");
    /** A Kubernetes container name (DNS-1123 label). */
    private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\\z");

    /** Accepted values. */
    public enum Type {
        /** One of {@code allowed}. */
        CHOICE,
        /** An IPv4 address. */
        IPV4,
        /** A whole number within {@code min}..{@code max}. */
        INTEGER,
        /** A DNS-1123 label, such as a container name. */
        NAME
    }

    public ParameterSpec {
        allowed = allowed == null ? List.of() : List.copyOf(allowed);
    }

    public static ParameterSpec choice(String name, String defaultValue, String description, String... allowed) {
        return new ParameterSpec(name, Type.CHOICE, false, defaultValue, List.of(allowed), null, null, description);
    }

    public static ParameterSpec ipv4(String name, String description) {
        return new ParameterSpec(name, Type.IPV4, false, null, List.of(), null, null, description);
    }

    public static ParameterSpec integer(String name, int min, int max, String description) {
        return new ParameterSpec(name, Type.INTEGER, false, null, List.of(), min, max, description);
    }

    public static ParameterSpec name(String name, String description) {
        return new ParameterSpec(name, Type.NAME, false, null, List.of(), null, null, description);
    }

    /** What is wrong with a value, or empty when it is acceptable. */
    public Optional<String> problem(String value) {
        if (value == null || value.isEmpty()) {
            return Optional.of("parameter '" + name + "': must not be empty");
        }
        return switch (type) {
            case CHOICE -> allowed.contains(value) ? Optional.empty()
                    : Optional.of("parameter '" + name + "': must be one of " + String.join(", ", allowed) + " (got '"
                            + shorten(value) + "')");
            case IPV4 -> IPV4.matcher(value).matches() ? Optional.empty()
                    : Optional.of("parameter '" + name + "': must be an IPv4 address such as 1.1.1.1 (got '"
                            + shorten(value) + "')");
            case NAME -> DNS_LABEL.matcher(value).matches() ? Optional.empty()
                    : Optional.of("parameter '" + name + "': must be a DNS-1123 label (got '" + shorten(value) + "')");
            case INTEGER -> integerProblem(value);
        };
    }

    /** True when {@code value} is an IPv4 address as {@link Type#IPV4} accepts it. */
    public static boolean isIpv4(String value) {
        return value != null && IPV4.matcher(value).matches();
    }

    private Optional<String> integerProblem(String value) {
        int parsed;
        try {
            parsed = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return Optional.of("parameter '" + name + "': must be a whole number (got '" + shorten(value) + "')");
        }
        if ((min != null && parsed < min) || (max != null && parsed > max)) {
            return Optional.of("parameter '" + name + "': must be between " + min + " and " + max + " (got " + parsed
                    + ")");
        }
        return Optional.empty();
    }

    /** Values go into reasons and DLQ headers: keep an attacker's megabyte out of them. */
    private static String shorten(String value) {
        String oneLine = value.replaceAll("\\p{Cntrl}", "?");
        return oneLine.length() <= 64 ? oneLine : oneLine.substring(0, 64) + "…";
    }
}
