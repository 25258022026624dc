package io.c2intents.lab.relay;

import io.c2intents.hubble.flow.DropReason;
import io.c2intents.hubble.flow.Endpoint;
import io.c2intents.hubble.flow.EventTypeFilter;
import io.c2intents.hubble.flow.Flow;
import io.c2intents.hubble.flow.FlowFilter;
import io.c2intents.hubble.flow.Layer4;
import io.c2intents.hubble.flow.TrafficDirection;
import io.c2intents.hubble.flow.Verdict;
import io.c2intents.hubble.flow.Workload;
import io.c2intents.lab.policy.Ipv4;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Hubble's flow filters ({@code GetFlowsRequest.whitelist}/{@code blacklist}): within one {@link FlowFilter} every
 * field that is set must match (AND), the values of one field are alternatives (OR); a flow passes when it matches
 * some whitelist filter (or there is none) and no blacklist filter. Supported as Hubble does: uuid, source/destination
 * IP (address or CIDR), pod ({@code ns/}, {@code ns/prefix}), label (Kubernetes selector syntax, sources like
 * {@code k8s:} optional), workload, identity, verdict, drop reason, traffic direction, event type, protocol, reply,
 * node name (with {@code *} globs), IP version, encrypted. Fields about things the lab's flows never carry (L7, DNS
 * names, services, ports, TCP flags, interfaces, clusters, trace IDs) match no lab flow. A CEL expression is refused.
 */
final class FlowFilters {

    private final List<Predicate<Flow>> whitelist;
    private final List<Predicate<Flow>> blacklist;

    private FlowFilters(List<Predicate<Flow>> whitelist, List<Predicate<Flow>> blacklist) {
        this.whitelist = whitelist;
        this.blacklist = blacklist;
    }

    /**
     * Compiles a request's filters.
     *
     * @throws IllegalArgumentException naming the bad filter value
     */
    static FlowFilters compile(List<FlowFilter> whitelist, List<FlowFilter> blacklist) {
        List<Predicate<Flow>> white = new ArrayList<>();
        for (FlowFilter filter : whitelist) {
            white.add(compile(filter));
        }
        List<Predicate<Flow>> black = new ArrayList<>();
        for (FlowFilter filter : blacklist) {
            black.add(compile(filter));
        }
        return new FlowFilters(List.copyOf(white), List.copyOf(black));
    }

    boolean matches(Flow flow) {
        if (!whitelist.isEmpty()) {
            boolean any = false;
            for (Predicate<Flow> filter : whitelist) {
                if (filter.test(flow)) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                return false;
            }
        }
        for (Predicate<Flow> filter : blacklist) {
            if (filter.test(flow)) {
                return false;
            }
        }
        return true;
    }

    boolean acceptsAll() {
        return whitelist.isEmpty() && blacklist.isEmpty();
    }

    private static Predicate<Flow> compile(FlowFilter filter) {
        if (filter.hasExperimental() && filter.getExperimental().getCelExpressionCount() > 0) {
            throw new IllegalArgumentException("CEL expressions are not supported by the lab's relay");
        }
        List<Predicate<Flow>> all = new ArrayList<>();
        if (filter.getUuidCount() > 0) {
            Set<String> uuids = Set.copyOf(filter.getUuidList());
            all.add(flow -> uuids.contains(flow.getUuid()));
        }
        if (filter.getSourceIpCount() > 0) {
            Predicate<String> ips = ips(filter.getSourceIpList(), "source_ip");
            all.add(flow -> ips.test(flow.getIP().getSource()));
        }
        if (filter.getDestinationIpCount() > 0) {
            Predicate<String> ips = ips(filter.getDestinationIpList(), "destination_ip");
            all.add(flow -> ips.test(flow.getIP().getDestination()));
        }
        if (filter.getSourcePodCount() > 0) {
            Predicate<Endpoint> pods = pods(filter.getSourcePodList(), "source_pod");
            all.add(flow -> pods.test(flow.getSource()));
        }
        if (filter.getDestinationPodCount() > 0) {
            Predicate<Endpoint> pods = pods(filter.getDestinationPodList(), "destination_pod");
            all.add(flow -> pods.test(flow.getDestination()));
        }
        if (filter.getSourceLabelCount() > 0) {
            Predicate<Endpoint> labels = labels(filter.getSourceLabelList(), "source_label");
            all.add(flow -> labels.test(flow.getSource()));
        }
        if (filter.getDestinationLabelCount() > 0) {
            Predicate<Endpoint> labels = labels(filter.getDestinationLabelList(), "destination_label");
            all.add(flow -> labels.test(flow.getDestination()));
        }
        if (filter.getSourceWorkloadCount() > 0) {
            List<Workload> workloads = filter.getSourceWorkloadList();
            all.add(flow -> workloads(workloads, flow.getSource()));
        }
        if (filter.getDestinationWorkloadCount() > 0) {
            List<Workload> workloads = filter.getDestinationWorkloadList();
            all.add(flow -> workloads(workloads, flow.getDestination()));
        }
        if (filter.getSourceIdentityCount() > 0) {
            List<Integer> identities = filter.getSourceIdentityList();
            all.add(flow -> identities.contains(flow.getSource().getIdentity()));
        }
        if (filter.getDestinationIdentityCount() > 0) {
            List<Integer> identities = filter.getDestinationIdentityList();
            all.add(flow -> identities.contains(flow.getDestination().getIdentity()));
        }
        if (filter.getVerdictCount() > 0) {
            Set<Verdict> verdicts = EnumSet.copyOf(filter.getVerdictList());
            all.add(flow -> verdicts.contains(flow.getVerdict()));
        }
        if (filter.getDropReasonDescCount() > 0) {
            Set<DropReason> reasons = EnumSet.copyOf(filter.getDropReasonDescList());
            all.add(flow -> reasons.contains(flow.getDropReasonDesc()));
        }
        if (filter.getTrafficDirectionCount() > 0) {
            Set<TrafficDirection> directions = EnumSet.copyOf(filter.getTrafficDirectionList());
            all.add(flow -> directions.contains(flow.getTrafficDirection()));
        }
        if (filter.getEventTypeCount() > 0) {
            List<EventTypeFilter> types = filter.getEventTypeList();
            all.add(flow -> types.stream().anyMatch(type -> type.getType() == flow.getEventType().getType()
                    && (!type.getMatchSubType() || type.getSubType() == flow.getEventType().getSubType())));
        }
        if (filter.getProtocolCount() > 0) {
            Set<String> protocols = filter.getProtocolList().stream().map(p -> p.toLowerCase(Locale.ROOT))
                    .collect(java.util.stream.Collectors.toSet());
            all.add(flow -> protocols.stream().anyMatch(protocol -> protocol(protocol, flow)));
        }
        if (filter.getReplyCount() > 0) {
            List<Boolean> replies = filter.getReplyList();
            // Hubble: a flow whose direction is unknown (no is_reply) matches no reply filter
            all.add(flow -> flow.hasIsReply() && replies.contains(flow.getIsReply().getValue()));
        }
        if (filter.getNodeNameCount() > 0) {
            List<Pattern> patterns = filter.getNodeNameList().stream().map(FlowFilters::nodePattern).toList();
            all.add(flow -> patterns.stream().anyMatch(p -> p.matcher(flow.getNodeName()).matches()));
        }
        if (filter.getIpVersionCount() > 0) {
            List<io.c2intents.hubble.flow.IPVersion> versions = filter.getIpVersionList();
            all.add(flow -> versions.contains(flow.getIP().getIpVersion()));
        }
        if (filter.getEncryptedCount() > 0) {
            List<Boolean> encrypted = filter.getEncryptedList();
            all.add(flow -> encrypted.contains(flow.getIP().getEncrypted()));
        }
        boolean neverInLab = filter.getSourceIpXlatedCount() > 0 || filter.getSourceFqdnCount() > 0
                || filter.getDestinationFqdnCount() > 0 || filter.getSourceServiceCount() > 0
                || filter.getDestinationServiceCount() > 0 || filter.getSourceClusterNameCount() > 0
                || filter.getDestinationClusterNameCount() > 0 || filter.getInterfaceCount() > 0
                || filter.getHttpStatusCodeCount() > 0 || filter.getSourcePortCount() > 0
                || filter.getDestinationPortCount() > 0 || filter.getDnsQueryCount() > 0
                || filter.getHttpMethodCount() > 0 || filter.getHttpPathCount() > 0 || filter.getHttpUrlCount() > 0
                || filter.getHttpHeaderCount() > 0 || filter.getTcpFlagsCount() > 0 || filter.getNodeLabelsCount() > 0
                || filter.getTraceIdCount() > 0 || filter.getIpTraceIdCount() > 0;
        if (neverInLab) {
            return flow -> false;
        }
        return flow -> {
            for (Predicate<Flow> predicate : all) {
                if (!predicate.test(flow)) {
                    return false;
                }
            }
            return true;
        };
    }

    private static Predicate<String> ips(List<String> values, String field) {
        List<Ipv4.Cidr> cidrs = new ArrayList<>();
        Set<String> exact = new java.util.HashSet<>();
        for (String value : values) {
            if (value.contains("/")) {
                cidrs.add(Ipv4.parseCidr(value).orElseThrow(
                        () -> new IllegalArgumentException(field + ": not an IPv4 CIDR: " + value)));
            } else {
                exact.add(value);
            }
        }
        return ip -> {
            if (exact.contains(ip)) {
                return true;
            }
            if (cidrs.isEmpty()) {
                return false;
            }
            return Ipv4.parse(ip).map(address -> cidrs.stream().anyMatch(c -> c.contains(address))).orElse(false);
        };
    }

    /** {@code ns/prefix}, {@code ns/} (the whole namespace); a bare name means {@code default/name}, as the CLI does. */
    private static Predicate<Endpoint> pods(List<String> values, String field) {
        List<String[]> parsed = new ArrayList<>();
        for (String value : values) {
            int slash = value.indexOf('/');
            String namespace = slash < 0 ? "default" : value.substring(0, slash);
            String prefix = slash < 0 ? value : value.substring(slash + 1);
            if (namespace.isEmpty() && prefix.isEmpty()) {
                throw new IllegalArgumentException(field + ": invalid filter, must be [namespace/][<name>], got \""
                        + value + "\"");
            }
            parsed.add(new String[] {namespace, prefix});
        }
        return endpoint -> {
            if (endpoint.getPodName().isEmpty()) {
                return false;
            }
            for (String[] p : parsed) {
                if ((p[0].isEmpty() || p[0].equals(endpoint.getNamespace()))
                        && endpoint.getPodName().startsWith(p[1])) {
                    return true;
                }
            }
            return false;
        };
    }

    private static Predicate<Endpoint> labels(List<String> selectors, String field) {
        List<LabelExpression> parsed = new ArrayList<>();
        for (String selector : selectors) {
            parsed.add(LabelExpression.parse(selector, field));
        }
        return endpoint -> parsed.stream().anyMatch(selector -> selector.matches(endpoint.getLabelsList()));
    }

    private static boolean workloads(List<Workload> wanted, Endpoint endpoint) {
        for (Workload want : wanted) {
            for (Workload have : endpoint.getWorkloadsList()) {
                if ((want.getName().isEmpty() || want.getName().equals(have.getName()))
                        && (want.getKind().isEmpty() || want.getKind().equalsIgnoreCase(have.getKind()))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean protocol(String protocol, Flow flow) {
        Layer4.ProtocolCase l4 = flow.getL4().getProtocolCase();
        return switch (protocol) {
            case "icmp" -> l4 == Layer4.ProtocolCase.ICMPV4 || l4 == Layer4.ProtocolCase.ICMPV6;
            case "icmpv4" -> l4 == Layer4.ProtocolCase.ICMPV4;
            case "icmpv6" -> l4 == Layer4.ProtocolCase.ICMPV6;
            case "tcp" -> l4 == Layer4.ProtocolCase.TCP;
            case "udp" -> l4 == Layer4.ProtocolCase.UDP;
            case "sctp" -> l4 == Layer4.ProtocolCase.SCTP;
            default -> false;
        };
    }

    private static Pattern nodePattern(String pattern) {
        // "cluster/node" or "node"; the lab is one cluster, so only the node part counts
        String node = pattern.contains("/") ? pattern.substring(pattern.indexOf('/') + 1) : pattern;
        StringBuilder regex = new StringBuilder();
        for (String part : node.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }
}
