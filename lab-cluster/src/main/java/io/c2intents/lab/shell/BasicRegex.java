package io.c2intents.lab.shell;

import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * POSIX regular expressions as {@code sed} and {@code grep} read them, translated to {@link Pattern}. In a basic
 * expression (BRE) {@code + ? ( ) { } |} are literals and become operators when escaped; in an extended one (ERE,
 * {@code -E}) it is the other way round, as in Java. Bracket classes like {@code [[:digit:]]} are translated.
 */
public final class BasicRegex {

    private static final Map<String, String> CLASSES = Map.ofEntries(
            Map.entry("alpha", "\\p{Alpha}"), Map.entry("digit", "\\p{Digit}"), Map.entry("alnum", "\\p{Alnum}"),
            Map.entry("upper", "\\p{Upper}"), Map.entry("lower", "\\p{Lower}"), Map.entry("space", "\\s"),
            Map.entry("blank", "\\p{Blank}"), Map.entry("punct", "\\p{Punct}"), Map.entry("xdigit", "\\p{XDigit}"),
            Map.entry("print", "\\p{Print}"), Map.entry("graph", "\\p{Graph}"), Map.entry("cntrl", "\\p{Cntrl}"));

    private BasicRegex() {
    }

    /**
     * Compiles a POSIX expression.
     *
     * @throws IllegalArgumentException with a short reason when the expression is malformed
     */
    public static Pattern compile(String expression, boolean extended, boolean ignoreCase) {
        String java = extended ? translateExtended(expression) : translateBasic(expression);
        try {
            return Pattern.compile(java, ignoreCase ? Pattern.CASE_INSENSITIVE : 0);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("bad regex '" + expression + "': " + e.getDescription(), e);
        }
    }

    /** A fixed string ({@code grep -F}). */
    public static Pattern literal(String text, boolean ignoreCase) {
        return Pattern.compile(Pattern.quote(text), ignoreCase ? Pattern.CASE_INSENSITIVE : 0);
    }

    static String translateBasic(String bre) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < bre.length(); i++) {
            char c = bre.charAt(i);
            if (c == '\\' && i + 1 < bre.length()) {
                char next = bre.charAt(++i);
                if ("(){}|+?".indexOf(next) >= 0) {
                    out.append(next);
                } else if (next == 'n') {
                    out.append("\\n");
                } else if (next == 't') {
                    out.append("\\t");
                } else if (Character.isDigit(next) || "wWsSbB<>".indexOf(next) >= 0) {
                    out.append(next == '<' || next == '>' ? "\\b" : "\\" + next);
                } else {
                    out.append(Pattern.quote(String.valueOf(next)));
                }
            } else if ("(){}|+?".indexOf(c) >= 0) {
                out.append('\\').append(c);
            } else if (c == '*' && (out.length() == 0 || out.toString().equals("^"))) {
                out.append("\\*");
            } else if (c == '[') {
                i = bracket(bre, i, out);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static String translateExtended(String ere) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < ere.length(); i++) {
            char c = ere.charAt(i);
            if (c == '\\' && i + 1 < ere.length()) {
                out.append(c).append(ere.charAt(++i));
            } else if (c == '[') {
                i = bracket(ere, i, out);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Copies a bracket expression starting at {@code start}; returns the index of its closing ']'. */
    private static int bracket(String expr, int start, StringBuilder out) {
        int i = start + 1;
        StringBuilder body = new StringBuilder("[");
        if (i < expr.length() && expr.charAt(i) == '^') {
            body.append('^');
            i++;
        }
        if (i < expr.length() && expr.charAt(i) == ']') {
            body.append("\\]");
            i++;
        }
        while (i < expr.length() && expr.charAt(i) != ']') {
            char c = expr.charAt(i);
            if (c == '[' && i + 1 < expr.length() && expr.charAt(i + 1) == ':') {
                int end = expr.indexOf(":]", i + 2);
                if (end > 0) {
                    String name = expr.substring(i + 2, end);
                    body.append(CLASSES.getOrDefault(name, ""));
                    i = end + 2;
                    continue;
                }
            }
            if (c == '\\' || c == '[' || c == '&') {
                body.append('\\');
            }
            body.append(c);
            i++;
        }
        if (i >= expr.length()) {
            // No closing bracket: a literal '[' as GNU tools would refuse; keep it literal rather than guess.
            out.append("\\[");
            return start;
        }
        out.append(body).append(']');
        return i;
    }
}
