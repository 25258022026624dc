package io.c2intents.lab.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Cilium endpoint selector ({@code matchLabels} and {@code matchExpressions}), compiled once per policy version.
 * Keys may carry a label source ({@code k8s:app}, {@code reserved:world}, {@code any:app}); without one they match
 * any source, as in Cilium. An empty selector matches everything.
 */
public final class LabelSelector {

    /** How a requirement compares; Kubernetes' operators. */
    enum Operator {
        IN, NOT_IN, EXISTS, DOES_NOT_EXIST
    }

    record Requirement(String source, String key, Operator operator, Set<String> values) {

        boolean matches(EndpointLabels labels) {
            String value = labels.value(source, key);
            return switch (operator) {
                case IN -> value != null && values.contains(value);
                case NOT_IN -> value == null || !values.contains(value);
                case EXISTS -> value != null;
                case DOES_NOT_EXIST -> value == null;
            };
        }
    }

    /** Matches every endpoint. */
    public static final LabelSelector ALL = new LabelSelector(List.of());

    private final List<Requirement> requirements;

    private LabelSelector(List<Requirement> requirements) {
        this.requirements = List.copyOf(requirements);
    }

    /**
     * Compiles {@code {matchLabels: {...}, matchExpressions: [...]}} as read from a policy.
     *
     * @throws PolicyFormatException when the selector is malformed
     */
    public static LabelSelector compile(Object selector, String path) {
        if (selector == null) {
            return ALL;
        }
        if (!(selector instanceof Map<?, ?> map)) {
            throw new PolicyFormatException(path, "an endpoint selector must be an object");
        }
        List<Requirement> requirements = new ArrayList<>();
        Object matchLabels = map.get("matchLabels");
        if (matchLabels instanceof Map<?, ?> labels) {
            labels.forEach((key, value) -> {
                String[] split = EndpointLabels.splitSource(String.valueOf(key));
                requirements.add(new Requirement(split[0], split[1], Operator.IN,
                        Set.of(value == null ? "" : String.valueOf(value))));
            });
        } else if (matchLabels != null) {
            throw new PolicyFormatException(path + ".matchLabels", "must be an object");
        }
        Object expressions = map.get("matchExpressions");
        if (expressions instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                requirements.add(expression(list.get(i), path + ".matchExpressions[" + i + "]"));
            }
        } else if (expressions != null) {
            throw new PolicyFormatException(path + ".matchExpressions", "must be a list");
        }
        return new LabelSelector(requirements);
    }

    private static Requirement expression(Object item, String path) {
        if (!(item instanceof Map<?, ?> expression) || !(expression.get("key") instanceof String key)) {
            throw new PolicyFormatException(path, "needs a key and an operator");
        }
        String[] split = EndpointLabels.splitSource(key);
        Object operatorValue = expression.get("operator");
        Operator operator = switch (String.valueOf(operatorValue)) {
            case "In" -> Operator.IN;
            case "NotIn" -> Operator.NOT_IN;
            case "Exists" -> Operator.EXISTS;
            case "DoesNotExist" -> Operator.DOES_NOT_EXIST;
            default -> throw new PolicyFormatException(path + ".operator", "unknown operator " + operatorValue);
        };
        Set<String> values = Set.of();
        if (expression.get("values") instanceof List<?> list) {
            values = Set.copyOf(list.stream().map(String::valueOf).toList());
        }
        if ((operator == Operator.IN || operator == Operator.NOT_IN) && values.isEmpty()) {
            throw new PolicyFormatException(path + ".values", "In and NotIn need values");
        }
        return new Requirement(split[0], split[1], operator, values);
    }

    /** Whether every requirement holds for {@code labels}. */
    public boolean matches(EndpointLabels labels) {
        for (Requirement requirement : requirements) {
            if (!requirement.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    /** Whether some requirement is about {@code key} (of any source). */
    boolean mentions(String key) {
        return requirements.stream().anyMatch(r -> r.key().equals(key));
    }

    /** Whether some requirement names a {@code reserved:} label (selects a reserved identity, not pods). */
    boolean mentionsReserved() {
        return requirements.stream().anyMatch(r -> "reserved".equals(r.source()));
    }

    /** This selector with one more requirement: {@code key} (any source) equals {@code value}. */
    LabelSelector and(String key, String value) {
        List<Requirement> more = new ArrayList<>(requirements);
        more.add(new Requirement(null, key, Operator.IN, Set.of(value)));
        return new LabelSelector(more);
    }

    @Override
    public String toString() {
        return requirements.toString();
    }
}
