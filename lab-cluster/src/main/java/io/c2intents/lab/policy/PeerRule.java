package io.c2intents.lab.policy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One compiled {@code egress}/{@code egressDeny}/{@code ingress}/{@code ingressDeny} rule: who the peer may be (L3:
 * endpoints, entities, CIDRs) and which ICMP messages (L4: {@code icmps}, {@code toPorts}). L3 and L4 must both match.
 * A rule with L4 but no L3 part applies to every peer; a rule with neither ({@code - {}}) matches nothing, it only turns
 * default deny on. CIDR selectors only select addresses outside the cluster, as in Cilium.
 */
final class PeerRule {

    /** Cilium's entities, as far as the lab has them. */
    enum Entity {
        WORLD, CLUSTER, HOST, REMOTE_NODE, ALL, OTHER;

        static Entity parse(String name) {
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "world", "world-ipv4" -> WORLD;
                case "cluster" -> CLUSTER;
                case "host" -> HOST;
                case "remote-node" -> REMOTE_NODE;
                case "all" -> ALL;
                // health, init, unmanaged, ingress, kube-apiserver, world-ipv6, none: no lab endpoint is one of them
                default -> OTHER;
            };
        }

        boolean matches(Peer.Kind kind) {
            return switch (this) {
                case ALL -> true;
                case WORLD -> kind == Peer.Kind.WORLD;
                case CLUSTER -> kind != Peer.Kind.WORLD;
                case HOST -> kind == Peer.Kind.HOST;
                case REMOTE_NODE -> kind == Peer.Kind.REMOTE_NODE;
                case OTHER -> false;
            };
        }
    }

    record CidrRule(Ipv4.Cidr cidr, List<Ipv4.Cidr> except) {

        boolean matches(int ip) {
            if (!cidr.contains(ip)) {
                return false;
            }
            for (Ipv4.Cidr excluded : except) {
                if (excluded.contains(ip)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** ICMPv4 type names Cilium's {@code icmps.fields.type} accepts. */
    private static final Map<String, Integer> ICMPV4_TYPES = Map.ofEntries(
            Map.entry("EchoReply", 0), Map.entry("DestinationUnreachable", 3), Map.entry("Redirect", 5),
            Map.entry("Echo", 8), Map.entry("EchoRequest", 8), Map.entry("RouterAdvertisement", 9),
            Map.entry("RouterSelection", 10), Map.entry("TimeExceeded", 11), Map.entry("ParameterProblem", 12),
            Map.entry("Timestamp", 13), Map.entry("TimestampReply", 14), Map.entry("Photuris", 40),
            Map.entry("ExtendedEchoRequest", 42), Map.entry("ExtendedEchoReply", 43));

    private final boolean hasL3;
    private final List<LabelSelector> endpoints;
    private final Set<Entity> entities;
    private final List<CidrRule> cidrs;
    private final boolean hasL4;
    private final Set<Integer> icmpTypes;
    private final boolean anyProtocolPort;

    private PeerRule(boolean hasL3, List<LabelSelector> endpoints, Set<Entity> entities, List<CidrRule> cidrs,
            boolean hasL4, Set<Integer> icmpTypes, boolean anyProtocolPort) {
        this.hasL3 = hasL3;
        this.endpoints = endpoints;
        this.entities = entities;
        this.cidrs = cidrs;
        this.hasL4 = hasL4;
        this.icmpTypes = icmpTypes;
        this.anyProtocolPort = anyProtocolPort;
    }

    /**
     * Compiles one rule.
     *
     * @param prefix {@code to} for egress, {@code from} for ingress
     * @param namespace the policy's namespace (endpoint selectors without one are restricted to it), or null for a
     *        clusterwide policy
     */
    static PeerRule compile(Object item, String prefix, String namespace, String path) {
        if (!(item instanceof Map<?, ?> rule)) {
            throw new PolicyFormatException(path, "a rule must be an object");
        }
        boolean hasL3 = false;
        List<LabelSelector> endpoints = new ArrayList<>();
        Set<Entity> entities = EnumSet.noneOf(Entity.class);
        List<CidrRule> cidrs = new ArrayList<>();

        if (rule.get(prefix + "Endpoints") instanceof List<?> list && !list.isEmpty()) {
            hasL3 = true;
            for (int i = 0; i < list.size(); i++) {
                LabelSelector selector = LabelSelector.compile(list.get(i), path + "." + prefix + "Endpoints[" + i + "]");
                if (namespace != null && !selector.mentions("io.kubernetes.pod.namespace")
                        && !selector.mentionsReserved()) {
                    selector = selector.and("io.kubernetes.pod.namespace", namespace);
                }
                endpoints.add(selector);
            }
        }
        if (rule.get(prefix + "Entities") instanceof List<?> list && !list.isEmpty()) {
            hasL3 = true;
            list.forEach(name -> entities.add(Entity.parse(String.valueOf(name))));
        }
        if (rule.get(prefix + "CIDR") instanceof List<?> list && !list.isEmpty()) {
            hasL3 = true;
            for (Object cidr : list) {
                Ipv4.parseCidr(String.valueOf(cidr)).ifPresent(block -> cidrs.add(new CidrRule(block, List.of())));
            }
        }
        if (rule.get(prefix + "CIDRSet") instanceof List<?> list && !list.isEmpty()) {
            hasL3 = true;
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof Map<?, ?> set)) {
                    throw new PolicyFormatException(path + "." + prefix + "CIDRSet[" + i + "]", "must be an object");
                }
                // cidrGroupRef / cidrGroupSelector name CiliumCIDRGroups, which the lab does not store: no match
                if (set.get("cidr") == null) {
                    continue;
                }
                List<Ipv4.Cidr> except = new ArrayList<>();
                if (set.get("except") instanceof List<?> excepts) {
                    excepts.forEach(e -> Ipv4.parseCidr(String.valueOf(e)).ifPresent(except::add));
                }
                Ipv4.parseCidr(String.valueOf(set.get("cidr")))
                        .ifPresent(block -> cidrs.add(new CidrRule(block, List.copyOf(except))));
            }
        }
        // Peers the lab never has (DNS names, services, cloud groups, nodes by label): present, but select nothing.
        for (String other : new String[] {"FQDNs", "Services", "Groups", "Nodes", "Requires"}) {
            if (rule.get(prefix + other) instanceof List<?> list && !list.isEmpty()) {
                hasL3 = true;
            }
        }

        boolean hasL4 = false;
        Set<Integer> icmpTypes = new HashSet<>();
        if (rule.get("icmps") instanceof List<?> icmps && !icmps.isEmpty()) {
            hasL4 = true;
            for (int i = 0; i < icmps.size(); i++) {
                if (icmps.get(i) instanceof Map<?, ?> icmp && icmp.get("fields") instanceof List<?> fields) {
                    for (int j = 0; j < fields.size(); j++) {
                        if (fields.get(j) instanceof Map<?, ?> field) {
                            String family = field.get("family") == null ? "IPv4" : String.valueOf(field.get("family"));
                            if (family.equals("IPv4")) {
                                icmpTypes.add(icmpType(field.get("type"),
                                        path + ".icmps[" + i + "].fields[" + j + "].type"));
                            }
                        }
                    }
                }
            }
        }
        boolean anyProtocolPort = false;
        if (rule.get("toPorts") instanceof List<?> toPorts && !toPorts.isEmpty()) {
            hasL4 = true;
            for (Object portRule : toPorts) {
                if (portRule instanceof Map<?, ?> map && map.get("ports") instanceof List<?> ports) {
                    for (Object port : ports) {
                        if (port instanceof Map<?, ?> p && wildcardAny(p)) {
                            anyProtocolPort = true;
                        }
                    }
                }
            }
        }
        return new PeerRule(hasL3, List.copyOf(endpoints), entities, List.copyOf(cidrs), hasL4, Set.copyOf(icmpTypes),
                anyProtocolPort);
    }

    // port 0 (or none) with protocol ANY is Cilium's "all ports of all protocols", the one port rule ICMP passes.
    private static boolean wildcardAny(Map<?, ?> port) {
        String number = port.get("port") == null ? "0" : String.valueOf(port.get("port"));
        String protocol = port.get("protocol") == null ? "ANY" : String.valueOf(port.get("protocol"));
        return number.equals("0") && protocol.equals("ANY");
    }

    private static int icmpType(Object value, String path) {
        if (value instanceof Number number) {
            return number.intValue();
        }
        String text = String.valueOf(value);
        if (text.chars().allMatch(Character::isDigit) && !text.isEmpty()) {
            return Integer.parseInt(text);
        }
        Integer named = ICMPV4_TYPES.get(text);
        if (named == null) {
            throw new PolicyFormatException(path, "unknown ICMPv4 type " + text);
        }
        return named;
    }

    /** Whether a packet to/from {@code peer} with ICMPv4 {@code icmpType} matches this rule. */
    boolean matches(Peer peer, int icmpType) {
        boolean l3;
        if (hasL3) {
            l3 = matchesL3(peer);
        } else {
            l3 = hasL4;
        }
        if (!l3) {
            return false;
        }
        return !hasL4 || icmpTypes.contains(icmpType) || anyProtocolPort;
    }

    private boolean matchesL3(Peer peer) {
        for (Entity entity : entities) {
            if (entity.matches(peer.kind())) {
                return true;
            }
        }
        if (peer.kind() == Peer.Kind.WORLD) {
            for (CidrRule cidr : cidrs) {
                if (cidr.matches(peer.ip())) {
                    return true;
                }
            }
        }
        for (LabelSelector selector : endpoints) {
            if (selector.matches(peer.labels())) {
                return true;
            }
        }
        return false;
    }
}
