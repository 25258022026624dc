package io.c2intents.orchestrator.view;

import java.util.Map;
import java.util.Set;

/**
 * Filters on flows, like {@code hubble observe}'s: every filter given must match (AND). Pod filters follow
 * Hubble's convention: {@code ns/prefix} or {@code prefix} of the pod name.
 *
 * @param pod a pod at either end
 * @param label {@code key=value} or {@code key} on either end's labels
 * @param protocol L4 protocol, any case (icmpv4, tcp, ...)
 * @param verdict FORWARDED, DROPPED, ... any case
 * @param destination the destination IP, or a destination pod
 * @param infectedOnly only flows to or from pods with an open incident
 */
public record FlowQuery(String pod, String label, String protocol, String verdict, String destination,
        boolean infectedOnly) {

    public static final FlowQuery ALL = new FlowQuery(null, null, null, null, null, false);

    /** Whether the flow passes every filter; {@code infected} holds the pod keys with an open incident. */
    public boolean matches(FlowRecord flow, Set<String> infected) {
        if (pod != null && !podMatches(pod, flow.source()) && !podMatches(pod, flow.destination())) {
            return false;
        }
        if (label != null && !labelMatches(flow.source().labels()) && !labelMatches(flow.destination().labels())) {
            return false;
        }
        if (protocol != null && !protocol.equalsIgnoreCase(flow.protocol())) {
            return false;
        }
        if (verdict != null && !verdict.equalsIgnoreCase(flow.verdict())) {
            return false;
        }
        if (destination != null && !destination.equals(flow.destination().ip())
                && !podMatches(destination, flow.destination())) {
            return false;
        }
        if (infectedOnly) {
            String s = flow.source().podKey();
            String d = flow.destination().podKey();
            return (s != null && infected.contains(s)) || (d != null && infected.contains(d));
        }
        return true;
    }

    private static boolean podMatches(String filter, FlowEndpoint end) {
        if (end.pod() == null) {
            return false;
        }
        int slash = filter.indexOf('/');
        if (slash < 0) {
            return end.pod().startsWith(filter);
        }
        String ns = filter.substring(0, slash);
        return ns.equals(end.namespace()) && end.pod().startsWith(filter.substring(slash + 1));
    }

    private boolean labelMatches(Map<String, String> labels) {
        int eq = label.indexOf('=');
        if (eq < 0) {
            return labels.containsKey(label);
        }
        return label.substring(eq + 1).equals(labels.get(label.substring(0, eq)));
    }
}
