package io.c2intents.lab.policy;

import static io.c2intents.lab.policy.CiliumExamplesPolicyTest.peer;
import static io.c2intents.lab.policy.CiliumExamplesPolicyTest.pod;
import static io.c2intents.lab.policy.CiliumExamplesPolicyTest.repository;
import static org.assertj.core.api.Assertions.assertThat;

import io.c2intents.lab.policy.Verdict.Outcome;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules of ../shared/DESIGN.md "Cilium policy facts", on the experiment's own policies. */
class PolicySemanticsTest {

    private static final int ECHO = 8;
    private static final Peer GOOGLE_DNS = Peer.world(Ipv4.parseOrThrow("8.8.8.8"));
    private static final Peer C2 = Peer.world(Ipv4.parseOrThrow("1.1.1.1"));
    private static final EndpointLabels TARGET = pod("c2-lab", "app.kubernetes.io/name", "target",
            "app.kubernetes.io/part-of", "c2-experiment", "c2.io/role", "target");
    private static final EndpointLabels INFECTED = pod("c2-lab", "app.kubernetes.io/name", "target",
            "app.kubernetes.io/part-of", "c2-experiment", "c2.io/role", "target", "c2.io/status", "infected");

    static final String DEFAULT_POLICY = """
            apiVersion: cilium.io/v2
            kind: CiliumNetworkPolicy
            metadata: {name: target-egress-world, namespace: c2-lab}
            spec:
              endpointSelector:
                matchLabels: {app.kubernetes.io/part-of: c2-experiment, c2.io/role: target}
              egress:
                - toEntities: [world]
            """;
    static final String QUARANTINE = """
            apiVersion: cilium.io/v2
            kind: CiliumNetworkPolicy
            metadata: {name: quarantine, namespace: c2-lab}
            spec:
              endpointSelector:
                matchLabels: {"k8s:c2.io/status": infected}
              egressDeny:
                - toEntities: [all]
              ingressDeny:
                - fromEntities: [all]
            """;

    @Test
    void theDefaultPolicyLetsTargetsReachTheWorldIncludingTheC2Address() {
        PolicyRepository policies = repository(DEFAULT_POLICY);

        assertThat(policies.egress(TARGET, GOOGLE_DNS, ECHO).outcome()).isEqualTo(Outcome.ALLOWED);
        assertThat(policies.egress(TARGET, C2, ECHO).outcome()).isEqualTo(Outcome.ALLOWED);
        // allowing the world puts the rest of egress in default deny: the cluster is out of reach
        assertThat(policies.egress(TARGET, peer(pod("c2-lab", "c2.io/role", "benign"), "10.244.1.2"), ECHO)
                .outcome()).isEqualTo(Outcome.DEFAULT_DENIED);
        assertThat(policies.egress(TARGET, Peer.host(Ipv4.parseOrThrow("172.18.0.2")), ECHO).outcome())
                .isEqualTo(Outcome.DEFAULT_DENIED);
        EndpointLabels benign = pod("c2-lab", "app.kubernetes.io/part-of", "c2-experiment", "c2.io/role", "benign");
        assertThat(policies.egress(benign, C2, ECHO)).isEqualTo(Verdict.NO_POLICY);
    }

    @Test
    void denyWinsTheQuarantineOverridesTheWorldAllowForTheLabelledPodOnly() {
        PolicyRepository policies = repository(DEFAULT_POLICY, QUARANTINE);

        Verdict c2 = policies.egress(INFECTED, C2, ECHO);
        assertThat(c2.outcome()).isEqualTo(Outcome.DENIED);
        assertThat(c2.forwarded()).isFalse();
        assertThat(c2.policies()).singleElement().satisfies(ref -> {
            assertThat(ref.name()).isEqualTo("quarantine");
            assertThat(ref.namespace()).isEqualTo("c2-lab");
            assertThat(ref.labels()).contains("k8s:io.cilium.k8s.policy.name=quarantine",
                    "k8s:io.cilium.k8s.policy.derived-from=CiliumNetworkPolicy");
        });
        assertThat(policies.egress(INFECTED, GOOGLE_DNS, ECHO).outcome()).isEqualTo(Outcome.DENIED);
        assertThat(policies.ingress(INFECTED, peer(TARGET, "10.244.0.8"), ECHO).outcome()).isEqualTo(Outcome.DENIED);
        assertThat(policies.egress(TARGET, C2, ECHO).outcome()).isEqualTo(Outcome.ALLOWED);
    }

    @Test
    void aDenyOnlyPolicyForOneAddressCutsAllOtherEgressUnlessDefaultDenyIsOff() {
        String denyC2 = """
                apiVersion: cilium.io/v2
                kind: CiliumNetworkPolicy
                metadata: {name: deny-c2, namespace: c2-lab}
                spec:
                  endpointSelector: {matchLabels: {c2.io/role: target}}
                  egressDeny:
                    - toCIDR: [1.1.1.1/32]
                """;
        PolicyRepository onlyDeny = repository(denyC2);
        assertThat(onlyDeny.egress(TARGET, C2, ECHO).outcome()).isEqualTo(Outcome.DENIED);
        assertThat(onlyDeny.egress(TARGET, GOOGLE_DNS, ECHO).outcome()).isEqualTo(Outcome.DEFAULT_DENIED);

        PolicyRepository defaultDenyOff = repository(denyC2.replace("spec:\n",
                "spec:\n  enableDefaultDeny: {egress: false}\n"));
        assertThat(defaultDenyOff.egress(TARGET, C2, ECHO).outcome()).isEqualTo(Outcome.DENIED);
        assertThat(defaultDenyOff.egress(TARGET, GOOGLE_DNS, ECHO).forwarded()).isTrue();
        assertThat(defaultDenyOff.egress(TARGET, GOOGLE_DNS, ECHO)).isEqualTo(Verdict.NO_POLICY);

        // another selecting policy with default deny on still decides for the direction
        PolicyRepository both = repository(denyC2.replace("spec:\n", "spec:\n  enableDefaultDeny: {egress: false}\n"),
                DEFAULT_POLICY.replace("c2.io/role: target", "c2.io/role: target").replace("toEntities: [world]",
                        "toCIDR: [9.9.9.9/32]"));
        assertThat(both.egress(TARGET, GOOGLE_DNS, ECHO).outcome()).isEqualTo(Outcome.DEFAULT_DENIED);
    }

    @Test
    void matchExpressionsNamespacesAndClusterwideSelectors() {
        PolicyRepository policies = repository("""
                apiVersion: cilium.io/v2
                kind: CiliumClusterwideNetworkPolicy
                metadata: {name: lab-egress}
                spec:
                  endpointSelector:
                    matchLabels: {"k8s:io.kubernetes.pod.namespace": c2-lab}
                    matchExpressions:
                      - {key: c2.io/role, operator: In, values: [target, benign]}
                      - {key: c2.io/status, operator: DoesNotExist}
                  egress:
                    - toEndpoints:
                        - matchLabels: {"k8s:io.kubernetes.pod.namespace": kube-system, k8s-app: kube-dns}
                    - toCIDRSet:
                        - cidr: 8.0.0.0/8
                          except: [8.8.4.4/32]
                    - toEntities: [host]
                """);
        Peer dns = peer(pod("kube-system", "k8s-app", "kube-dns"), "10.244.0.10");
        Peer dnsElsewhere = peer(pod("c2-lab", "k8s-app", "kube-dns"), "10.244.0.11");

        assertThat(policies.egress(TARGET, dns, ECHO).outcome()).isEqualTo(Outcome.ALLOWED);
        assertThat(policies.egress(TARGET, dnsElsewhere, ECHO).outcome()).isEqualTo(Outcome.DEFAULT_DENIED);
        assertThat(policies.egress(TARGET, GOOGLE_DNS, ECHO).outcome()).isEqualTo(Outcome.ALLOWED);
        assertThat(policies.egress(TARGET, Peer.world(Ipv4.parseOrThrow("8.8.4.4")), ECHO).outcome())
                .isEqualTo(Outcome.DEFAULT_DENIED);
        assertThat(policies.egress(TARGET, C2, ECHO).outcome()).isEqualTo(Outcome.DEFAULT_DENIED);
        assertThat(policies.egress(TARGET, Peer.host(Ipv4.parseOrThrow("172.18.0.2")), ECHO).outcome())
                .isEqualTo(Outcome.ALLOWED);
        assertThat(policies.egress(TARGET, Peer.remoteNode(Ipv4.parseOrThrow("172.18.0.3")), ECHO).outcome())
                .isEqualTo(Outcome.DEFAULT_DENIED);
        // not selected: labelled infected, another role, another namespace
        assertThat(policies.egress(INFECTED, C2, ECHO)).isEqualTo(Verdict.NO_POLICY);
        assertThat(policies.egress(pod("c2-lab", "c2.io/role", "db"), C2, ECHO)).isEqualTo(Verdict.NO_POLICY);
        assertThat(policies.egress(pod("default", "c2.io/role", "target"), C2, ECHO)).isEqualTo(Verdict.NO_POLICY);
    }

    @Test
    void clusterEntityCoversPodsAndNodesButNotTheWorld() {
        PolicyRepository policies = repository("""
                apiVersion: cilium.io/v2
                kind: CiliumNetworkPolicy
                metadata: {name: in-cluster-only, namespace: c2-lab}
                spec:
                  endpointSelector: {}
                  egress:
                    - toEntities: [cluster]
                """);
        assertThat(policies.egress(TARGET, peer(pod("default", "a", "b"), "10.244.2.2"), ECHO).outcome())
                .isEqualTo(Outcome.ALLOWED);
        assertThat(policies.egress(TARGET, Peer.remoteNode(Ipv4.parseOrThrow("172.18.0.4")), ECHO).outcome())
                .isEqualTo(Outcome.ALLOWED);
        assertThat(policies.egress(TARGET, GOOGLE_DNS, ECHO).outcome()).isEqualTo(Outcome.DEFAULT_DENIED);
    }

    @Test
    void anUnreadablePolicyIsLeftOutAndNamedTheOthersStillApply() {
        GenericKubernetesResource broken = Serialization.unmarshal("""
                apiVersion: cilium.io/v2
                kind: CiliumNetworkPolicy
                metadata: {name: broken, namespace: c2-lab}
                spec:
                  endpointSelector:
                    matchExpressions: [{key: a, operator: Near}]
                  egress: [{toEntities: [world]}]
                """, GenericKubernetesResource.class);
        GenericKubernetesResource good = Serialization.unmarshal(QUARANTINE, GenericKubernetesResource.class);
        PolicyRepository policies = PolicyRepository.compile(7, List.of(broken, good), List.of());

        assertThat(policies.problems()).singleElement().asString().contains("broken").contains("Near");
        assertThat(policies.egress(INFECTED, C2, ECHO).outcome()).isEqualTo(Outcome.DENIED);
        assertThat(policies.policyCount()).isEqualTo(1);
    }
}
