package io.c2intents.lab.policy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stored Cilium policies, compiled, answering one question per packet: forwarded or dropped, and why. Immutable
 * for one policy revision; a new revision is a new repository. Which rules select an endpoint is computed once per
 * label set and cached, since the datapath asks for every packet.
 * <p>
 * Cilium's semantics, as in {@code ../shared/DESIGN.md}: a rule selects endpoints by {@code endpointSelector} (a
 * namespaced policy only its own namespace's); for each direction in which a selecting rule has rules, allow or deny,
 * the endpoint is in default deny unless that rule sets {@code enableDefaultDeny.<direction>: false}; a matching
 * deny rule wins over every allow rule; without default deny, what no deny rule matches is forwarded.
 */
public final class PolicyRepository {

    /** Which way the packet goes, seen from the endpoint whose policy is asked. */
    public enum Direction {
        EGRESS, INGRESS
    }

    /** One compiled rule (a policy's {@code spec}, or one of its {@code specs}). */
    record Rule(PolicyRef policy, LabelSelector endpointSelector, List<PeerRule> egress, List<PeerRule> egressDeny,
            List<PeerRule> ingress, List<PeerRule> ingressDeny, boolean defaultDenyEgress, boolean defaultDenyIngress) {
    }

    /** The rules that select one endpoint, per direction. */
    record EndpointPolicy(List<Rule> egress, List<Rule> ingress, boolean defaultDenyEgress,
            boolean defaultDenyIngress) {
    }

    public static final PolicyRepository EMPTY = new PolicyRepository(0, List.of(), List.of(), 0);

    private final long revision;
    private final List<Rule> rules;
    private final List<String> problems;
    private final int policyCount;
    private final Map<EndpointLabels, EndpointPolicy> byEndpoint = new ConcurrentHashMap<>();

    private PolicyRepository(long revision, List<Rule> rules, List<String> problems, int policyCount) {
        this.revision = revision;
        this.rules = rules;
        this.problems = problems;
        this.policyCount = policyCount;
    }

    /**
     * Compiles the stored policies. A policy that cannot be read is left out and named in {@link #problems()}; the
     * others still apply.
     */
    public static PolicyRepository compile(long revision, List<GenericKubernetesResource> networkPolicies,
            List<GenericKubernetesResource> clusterwidePolicies) {
        List<Rule> rules = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int count = 0;
        for (GenericKubernetesResource policy : networkPolicies) {
            count += compilePolicy(policy, "CiliumNetworkPolicy", revision, rules, problems);
        }
        for (GenericKubernetesResource policy : clusterwidePolicies) {
            count += compilePolicy(policy, "CiliumClusterwideNetworkPolicy", revision, rules, problems);
        }
        return new PolicyRepository(revision, List.copyOf(rules), List.copyOf(problems), count);
    }

    private static int compilePolicy(GenericKubernetesResource policy, String kind, long revision, List<Rule> rules,
            List<String> problems) {
        String name = policy.getMetadata() == null ? "" : String.valueOf(policy.getMetadata().getName());
        boolean namespaced = kind.equals("CiliumNetworkPolicy");
        String namespace = !namespaced ? "" : policy.getMetadata().getNamespace() == null ? "default"
                : policy.getMetadata().getNamespace();
        String uid = policy.getMetadata() == null || policy.getMetadata().getUid() == null ? ""
                : policy.getMetadata().getUid();
        PolicyRef ref = new PolicyRef(kind, namespace, name, uid, revision);
        List<Rule> compiled = new ArrayList<>();
        try {
            Map<String, Object> props = policy.getAdditionalProperties();
            Object spec = props.get("spec");
            if (spec != null) {
                compiled.add(rule(spec, ref, namespaced ? namespace : null, "spec"));
            }
            if (props.get("specs") instanceof List<?> specs) {
                for (int i = 0; i < specs.size(); i++) {
                    compiled.add(rule(specs.get(i), ref, namespaced ? namespace : null, "specs[" + i + "]"));
                }
            }
        } catch (PolicyFormatException | ClassCastException e) {
            problems.add(ref + ": " + e.getMessage());
            return 0;
        }
        compiled.stream().filter(r -> r != null).forEach(rules::add);
        return 1;
    }

    private static Rule rule(Object spec, PolicyRef ref, String namespace, String path) {
        if (!(spec instanceof Map<?, ?> map)) {
            throw new PolicyFormatException(path, "must be an object");
        }
        if (map.get("endpointSelector") == null) {
            // nodeSelector rules are host policies: they select nodes, not the pods the lab's datapath judges
            return null;
        }
        LabelSelector selector = LabelSelector.compile(map.get("endpointSelector"), path + ".endpointSelector");
        if (namespace != null) {
            selector = selector.and("io.kubernetes.pod.namespace", namespace);
        }
        List<PeerRule> egress = peerRules(map.get("egress"), "to", namespace, path + ".egress");
        List<PeerRule> egressDeny = peerRules(map.get("egressDeny"), "to", namespace, path + ".egressDeny");
        List<PeerRule> ingress = peerRules(map.get("ingress"), "from", namespace, path + ".ingress");
        List<PeerRule> ingressDeny = peerRules(map.get("ingressDeny"), "from", namespace, path + ".ingressDeny");
        boolean enableEgress = true;
        boolean enableIngress = true;
        if (map.get("enableDefaultDeny") instanceof Map<?, ?> defaults) {
            enableEgress = !Boolean.FALSE.equals(defaults.get("egress"));
            enableIngress = !Boolean.FALSE.equals(defaults.get("ingress"));
        }
        boolean egressRules = !egress.isEmpty() || !egressDeny.isEmpty();
        boolean ingressRules = !ingress.isEmpty() || !ingressDeny.isEmpty();
        return new Rule(ref, selector, egress, egressDeny, ingress, ingressDeny, egressRules && enableEgress,
                ingressRules && enableIngress);
    }

    private static List<PeerRule> peerRules(Object value, String prefix, String namespace, String path) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new PolicyFormatException(path, "must be a list");
        }
        List<PeerRule> rules = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            rules.add(PeerRule.compile(list.get(i), prefix, namespace, path + "[" + i + "]"));
        }
        return List.copyOf(rules);
    }

    /** The policy revision this repository was compiled from (the lab's policy store version). */
    public long revision() {
        return revision;
    }

    /** How many stored policies apply (those that could be read). */
    public int policyCount() {
        return policyCount;
    }

    /** Policies left out because they could not be read, with the reason. */
    public List<String> problems() {
        return problems;
    }

    /** Egress verdict for a packet from an endpoint with {@code source} labels to {@code destination}. */
    public Verdict egress(EndpointLabels source, Peer destination, int icmpType) {
        EndpointPolicy policy = forEndpoint(source);
        return decide(policy.egress(), policy.defaultDenyEgress(), Direction.EGRESS, destination, icmpType);
    }

    /** Ingress verdict for a packet from {@code source} to an endpoint with {@code destination} labels. */
    public Verdict ingress(EndpointLabels destination, Peer source, int icmpType) {
        EndpointPolicy policy = forEndpoint(destination);
        return decide(policy.ingress(), policy.defaultDenyIngress(), Direction.INGRESS, source, icmpType);
    }

    /** Whether some rule selects the endpoint in that direction (diagnostics, tests). */
    public boolean selects(EndpointLabels endpoint, Direction direction) {
        EndpointPolicy policy = forEndpoint(endpoint);
        return !(direction == Direction.EGRESS ? policy.egress() : policy.ingress()).isEmpty();
    }

    private EndpointPolicy forEndpoint(EndpointLabels labels) {
        EndpointPolicy cached = byEndpoint.get(labels);
        if (cached != null) {
            return cached;
        }
        List<Rule> egress = new ArrayList<>();
        List<Rule> ingress = new ArrayList<>();
        boolean denyEgress = false;
        boolean denyIngress = false;
        for (Rule rule : rules) {
            if (!rule.endpointSelector().matches(labels)) {
                continue;
            }
            if (!rule.egress().isEmpty() || !rule.egressDeny().isEmpty()) {
                egress.add(rule);
                denyEgress |= rule.defaultDenyEgress();
            }
            if (!rule.ingress().isEmpty() || !rule.ingressDeny().isEmpty()) {
                ingress.add(rule);
                denyIngress |= rule.defaultDenyIngress();
            }
        }
        EndpointPolicy policy = new EndpointPolicy(List.copyOf(egress), List.copyOf(ingress), denyEgress, denyIngress);
        // bounded by the number of distinct label sets (identities), as Cilium's own policy maps are
        if (byEndpoint.size() < 65_536) {
            byEndpoint.put(labels, policy);
        }
        return policy;
    }

    private static Verdict decide(List<Rule> selecting, boolean defaultDeny, Direction direction, Peer peer,
            int icmpType) {
        if (selecting.isEmpty()) {
            return Verdict.NO_POLICY;
        }
        Set<PolicyRef> denied = null;
        for (Rule rule : selecting) {
            for (PeerRule deny : direction == Direction.EGRESS ? rule.egressDeny() : rule.ingressDeny()) {
                if (deny.matches(peer, icmpType)) {
                    if (denied == null) {
                        denied = new LinkedHashSet<>();
                    }
                    denied.add(rule.policy());
                    break;
                }
            }
        }
        if (denied != null) {
            return new Verdict(Verdict.Outcome.DENIED, List.copyOf(denied));
        }
        Set<PolicyRef> allowed = null;
        for (Rule rule : selecting) {
            for (PeerRule allow : direction == Direction.EGRESS ? rule.egress() : rule.ingress()) {
                if (allow.matches(peer, icmpType)) {
                    if (allowed == null) {
                        allowed = new LinkedHashSet<>();
                    }
                    allowed.add(rule.policy());
                    break;
                }
            }
        }
        if (allowed != null) {
            return new Verdict(Verdict.Outcome.ALLOWED, List.copyOf(allowed));
        }
        return defaultDeny ? new Verdict(Verdict.Outcome.DEFAULT_DENIED, List.of()) : Verdict.NO_POLICY;
    }

    @Override
    public String toString() {
        return "policy revision " + revision + " (" + policyCount + " policies, " + rules.size() + " rules"
                + (problems.isEmpty() ? "" : ", " + problems.size() + " unreadable") + ")";
    }

    /** For tests: the names of the policies that apply. */
    public Set<String> policyNames() {
        Set<String> names = new LinkedHashSet<>();
        rules.forEach(rule -> names.add(rule.policy().namespace() + "/" + rule.policy().name()));
        return Collections.unmodifiableSet(names);
    }
}
