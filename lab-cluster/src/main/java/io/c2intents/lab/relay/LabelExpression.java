package io.c2intents.lab.relay;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A Kubernetes label selector as Hubble's {@code --label} / {@code source_label} takes it ({@code app=web},
 * {@code k8s:app in (a,b)}, {@code !canary}, {@code reserved:world}), matched against an endpoint's printed labels
 * ({@code "k8s:app=web"}). A key without a source matches the label of any source.
 */
final class LabelExpression {

    private enum Op {
        EQUALS, NOT_EQUALS, IN, NOT_IN, EXISTS, NOT_EXISTS
    }

    private record Requirement(String source, String key, Op op, Set<String> values) {
    }

    private static final Set<String> SOURCES = Set.of("k8s", "reserved", "any", "container", "cidr", "unspec",
            "fqdn", "cilium-generated");

    private final List<Requirement> requirements;

    private LabelExpression(List<Requirement> requirements) {
        this.requirements = requirements;
    }

    static LabelExpression parse(String selector, String field) {
        List<Requirement> requirements = new ArrayList<>();
        for (String part : splitTopLevel(selector)) {
            String text = part.strip();
            if (text.isEmpty()) {
                continue;
            }
            requirements.add(requirement(text, field, selector));
        }
        return new LabelExpression(List.copyOf(requirements));
    }

    private static Requirement requirement(String text, String field, String selector) {
        String lower = text;
        int in = indexOfWord(lower, " notin ");
        Op op = null;
        String key;
        Set<String> values = Set.of();
        if (in >= 0) {
            op = Op.NOT_IN;
            key = text.substring(0, in).strip();
            values = setOf(text.substring(in + " notin ".length()), field, selector);
        } else if ((in = indexOfWord(lower, " in ")) >= 0) {
            op = Op.IN;
            key = text.substring(0, in).strip();
            values = setOf(text.substring(in + " in ".length()), field, selector);
        } else if (text.contains("!=")) {
            op = Op.NOT_EQUALS;
            key = text.substring(0, text.indexOf("!=")).strip();
            values = Set.of(text.substring(text.indexOf("!=") + 2).strip());
        } else if (text.contains("==")) {
            op = Op.EQUALS;
            key = text.substring(0, text.indexOf("==")).strip();
            values = Set.of(text.substring(text.indexOf("==") + 2).strip());
        } else if (text.contains("=")) {
            op = Op.EQUALS;
            key = text.substring(0, text.indexOf('=')).strip();
            values = Set.of(text.substring(text.indexOf('=') + 1).strip());
        } else if (text.startsWith("!")) {
            op = Op.NOT_EXISTS;
            key = text.substring(1).strip();
        } else {
            op = Op.EXISTS;
            key = text;
        }
        if (key.isEmpty() || key.contains(" ")) {
            throw new IllegalArgumentException(field + ": invalid label selector \"" + selector + "\"");
        }
        String source = null;
        int colon = key.indexOf(':');
        if (colon > 0 && SOURCES.contains(key.substring(0, colon))) {
            source = key.substring(0, colon);
            key = key.substring(colon + 1);
            if (source.equals("any")) {
                source = null;
            }
        }
        return new Requirement(source, key, op, values);
    }

    private static int indexOfWord(String text, String word) {
        return text.indexOf(word);
    }

    private static Set<String> setOf(String text, String field, String selector) {
        String trimmed = text.strip();
        if (!trimmed.startsWith("(") || !trimmed.endsWith(")")) {
            throw new IllegalArgumentException(field + ": invalid label selector \"" + selector + "\"");
        }
        List<String> values = new ArrayList<>();
        for (String value : trimmed.substring(1, trimmed.length() - 1).split(",")) {
            values.add(value.strip());
        }
        return Set.copyOf(values);
    }

    private static List<String> splitTopLevel(String selector) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < selector.length(); i++) {
            char c = selector.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(selector.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(selector.substring(start));
        return parts;
    }

    boolean matches(List<String> labels) {
        for (Requirement requirement : requirements) {
            String value = find(labels, requirement);
            boolean ok = switch (requirement.op()) {
                case EXISTS -> value != null;
                case NOT_EXISTS -> value == null;
                case EQUALS, IN -> value != null && requirement.values().contains(value);
                case NOT_EQUALS, NOT_IN -> value == null || !requirement.values().contains(value);
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static String find(List<String> labels, Requirement requirement) {
        for (String label : labels) {
            int colon = label.indexOf(':');
            String source = colon < 0 ? "unspec" : label.substring(0, colon);
            String rest = colon < 0 ? label : label.substring(colon + 1);
            int equals = rest.indexOf('=');
            String key = equals < 0 ? rest : rest.substring(0, equals);
            if (!key.equals(requirement.key())) {
                continue;
            }
            if (requirement.source() != null && !requirement.source().equals(source)) {
                continue;
            }
            return equals < 0 ? "" : rest.substring(equals + 1);
        }
        return null;
    }
}
