package io.c2intents.lab.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The labels of an endpoint as Cilium sees them: each has a source ({@code k8s}, {@code reserved}, ...), a key and a
 * value, printed {@code source:key=value} (Hubble's {@code "k8s:app=web"}, {@code "reserved:world"}). Immutable;
 * equal label sets are equal objects, so they serve as identity and cache keys.
 */
public final class EndpointLabels {

    /** Label sources a selector key may be prefixed with ({@code any} matches every source). */
    static final Set<String> SOURCES = Set.of("k8s", "reserved", "any", "container", "cidr", "unspec", "fqdn",
            "cilium-generated", "kvstore", "etcd", "cni");

    public static final EndpointLabels WORLD = reserved("world");
    public static final EndpointLabels HOST = reserved("host");
    public static final EndpointLabels REMOTE_NODE = reserved("remote-node");

    /** One label. */
    public record Label(String source, String key, String value) {

        @Override
        public String toString() {
            return value.isEmpty() && !"k8s".equals(source) ? source + ":" + key : source + ":" + key + "=" + value;
        }
    }

    private final List<Label> labels;
    private final List<String> printed;
    private final Map<String, Label> byKey;
    private final int hash;

    private EndpointLabels(List<Label> labels) {
        List<Label> sorted = new ArrayList<>(labels);
        sorted.sort((a, b) -> a.toString().compareTo(b.toString()));
        this.labels = List.copyOf(sorted);
        this.printed = sorted.stream().map(Label::toString).toList();
        Map<String, Label> keys = new HashMap<>();
        for (Label label : sorted) {
            keys.putIfAbsent(label.key(), label);
        }
        this.byKey = Collections.unmodifiableMap(keys);
        this.hash = printed.hashCode();
    }

    /** Labels from a {@code key -> value} map, all with one source. */
    public static EndpointLabels of(String source, Map<String, String> labels) {
        List<Label> list = new ArrayList<>();
        labels.forEach((key, value) -> list.add(new Label(source, key, value == null ? "" : value)));
        return new EndpointLabels(list);
    }

    /** A single {@code reserved:name} label. */
    public static EndpointLabels reserved(String name) {
        return new EndpointLabels(List.of(new Label("reserved", name, "")));
    }

    /** The labels, sorted as Hubble prints them ({@code ["k8s:app=web", "k8s:io.kubernetes.pod.namespace=x"]}). */
    public List<String> printed() {
        return printed;
    }

    public List<Label> labels() {
        return labels;
    }

    /** The label with this key, of any source. */
    public Optional<Label> find(String key) {
        return Optional.ofNullable(byKey.get(key));
    }

    /**
     * The value of {@code key} when it carries {@code source} ({@code any} or null for any source), else null.
     */
    public String value(String source, String key) {
        Label label = byKey.get(key);
        if (label == null) {
            return null;
        }
        if (source == null || "any".equals(source) || source.equals(label.source())) {
            return label.value();
        }
        for (Label other : labels) {
            if (other.key().equals(key) && other.source().equals(source)) {
                return other.value();
            }
        }
        return null;
    }

    /** Keys, sorted (diagnostics). */
    public Set<String> keys() {
        return new TreeSet<>(byKey.keySet());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EndpointLabels that && hash == that.hash && printed.equals(that.printed);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return printed.toString();
    }

    static String[] splitSource(String selectorKey) {
        Objects.requireNonNull(selectorKey);
        int colon = selectorKey.indexOf(':');
        if (colon > 0 && SOURCES.contains(selectorKey.substring(0, colon))) {
            return new String[] {selectorKey.substring(0, colon), selectorKey.substring(colon + 1)};
        }
        return new String[] {null, selectorKey};
    }
}
