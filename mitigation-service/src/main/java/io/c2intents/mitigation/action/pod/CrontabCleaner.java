package io.c2intents.mitigation.action.pod;

import io.c2intents.events.ParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Works out which crontab entries reach a C2 address and what the file holds without them, and the {@code sed}
 * program that removes the same lines inside the pod. Both match the address as a whole (not inside
 * {@code 11.1.1.10}): the Java pattern and the POSIX extended expression are the same text. The expression is built
 * only from an address that passed the IPv4 check, dots escaped, so nothing from a request reaches sed's parser.
 */
public final class CrontabCleaner {

    /**
     * The crontab's lines without those reaching the address.
     *
     * @param content what remains, with a line break after each line (as sed writes it)
     * @param removed the lines removed, in order
     */
    public record Cleaned(String content, List<String> removed) {

        public boolean changed() {
            return !removed.isEmpty();
        }
    }

    private CrontabCleaner() {
    }

    public static Cleaned withoutEntriesReaching(String crontab, String ipv4) {
        Pattern pattern = Pattern.compile(expression(ipv4));
        StringBuilder kept = new StringBuilder();
        List<String> removed = new ArrayList<>();
        for (String line : lines(crontab)) {
            if (pattern.matcher(line).find()) {
                removed.add(line);
            } else {
                kept.append(line).append('\n');
            }
        }
        return new Cleaned(kept.toString(), List.copyOf(removed));
    }

    /** The entries of a crontab that reach the address. */
    public static List<String> entriesReaching(String crontab, String ipv4) {
        return withoutEntriesReaching(crontab, ipv4).removed();
    }

    /** {@code sed -E} program deleting every line that reaches the address. */
    public static String sedProgram(String ipv4) {
        return "/" + expression(ipv4) + "/d";
    }

    /** A POSIX extended expression (and a Java one) matching the address with no digit or dot either side. */
    static String expression(String ipv4) {
        if (!ParameterSpec.isIpv4(ipv4)) {
            throw new IllegalArgumentException("not an IPv4 address: " + ipv4);
        }
        return "(^|[^0-9.])" + ipv4.replace(".", "\\.") + "([^0-9.]|$)";
    }

    /** A file's lines; a final line break does not make an empty last line. */
    public static List<String> lines(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        String trimmed = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        return List.of(trimmed.split("\n", -1));
    }
}
