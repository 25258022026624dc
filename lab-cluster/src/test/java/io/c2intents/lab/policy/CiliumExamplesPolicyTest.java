package io.c2intents.lab.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.c2intents.lab.policy.Verdict.Outcome;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Verdicts for Cilium's own example policies ({@code ../shared/data/cilium-policies/}): which pods they select, which
 * destinations pass, and with which verdict, as Cilium documents them.
 */
class CiliumExamplesPolicyTest {

    private static final int ECHO = 8;
    private static final Peer GOOGLE_DNS = Peer.world(Ipv4.parseOrThrow("8.8.8.8"));
    private static final Peer C2 = Peer.world(Ipv4.parseOrThrow("1.1.1.1"));

    /** A pod's labels as the datapath derives them. */
    static EndpointLabels pod(String namespace, String... keyValues) {
        Map<String, String> labels = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            labels.put(keyValues[i], keyValues[i + 1]);
        }
        labels.put("io.kubernetes.pod.namespace", namespace);
        labels.put("io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name", namespace);
        labels.put("io.cilium.k8s.policy.cluster", "default");
        labels.put("io.cilium.k8s.policy.serviceaccount", "default");
        return EndpointLabels.of("k8s", labels);
    }

    static Peer peer(EndpointLabels labels, String ip) {
        return Peer.pod(labels, Ipv4.parseOrThrow(ip));
    }

    static PolicyRepository repository(String... yamlDocuments) {
        List<GenericKubernetesResource> cnps = new ArrayList<>();
        List<GenericKubernetesResource> ccnps = new ArrayList<>();
        for (String yaml : yamlDocuments) {
            for (String document : yaml.split("(?m)^---\\s*$")) {
                if (document.lines().allMatch(line -> line.isBlank() || line.strip().startsWith("#"))) {
                    continue;
                }
                GenericKubernetesResource policy = Serialization.unmarshal(document, GenericKubernetesResource.class);
                if (policy.getMetadata().getNamespace() == null
                        && policy.getKind().equals("CiliumNetworkPolicy")) {
                    policy.getMetadata().setNamespace("default"); // kubectl apply without -n
                }
                (policy.getKind().equals("CiliumNetworkPolicy") ? cnps : ccnps).add(policy);
            }
        }
        PolicyRepository repository = PolicyRepository.compile(1, cnps, ccnps);
        assertThat(repository.problems()).isEmpty();
        return repository;
    }

    static String example(String file) throws IOException {
        String dir = System.getProperty("shared.data.dir");
        assumeTrue(dir != null && Files.isDirectory(Path.of(dir, "cilium-policies")),
                "skipped: ../shared/data/cilium-policies not found (system property shared.data.dir)");
        return Files.readString(Path.of(dir, "cilium-policies", file));
    }

    @Test
    void egressDefaultDenyFromAnAllowOnlyPolicyWithAnEmptyRule() throws IOException {
        PolicyRepository policies = repository(example("cilium__l3__egress-default-deny__egress-default-deny.yaml"));
        EndpointLabels restricted = pod("default", "role", "restricted");

        assertThat(policies.egress(restricted, GOOGLE_DNS, ECHO).outcome()).isEqualTo(Outcome.DEFAULT_DENIED);
        assertThat(policies.egress(restricted, peer(pod("default", "role", "x"), "10.244.1.9"), ECHO).outcome())
                .isEqualTo(Outcome.DEFAULT_DENIED);
        // other pods, and the same labels in another namespace, are not selected
        assertThat(policies.egress(pod("default", "role", "open"), GOOGLE_DNS, ECHO)).isEqualTo(Verdict.NO_POLICY);
        assertThat(policies.egress(pod("other", "role", "restricted"), GOOGLE_DNS, ECHO))
                .isEqualTo(Verdict.NO_POLICY);
        // an egress-only policy leaves ingress alone
        assertThat(policies.ingress(restricted, GOOGLE_DNS, ECHO)).isEqualTo(Verdict.NO_POLICY);
    }

    @Test
    void egressDenyToBackendsWinsOverAllowToAllEntities() throws IOException {
        PolicyRepository policies = repository(example("cilium__l3__egress-deny__egress-deny.yaml"));
        EndpointLabels frontend = pod("default", "role", "frontend");
        Peer backend = peer(pod("default", "role", "backend"), "10.244.2.7");

        Verdict denied = policies.egress(frontend, backend, ECHO);
        assertThat(denied.outcome()).isEqualTo(Outcome.DENIED);
        assertThat(denied.policies()).extracting(PolicyRef::name).containsExactly("deny-egress-example");
        assertThat(policies.egress(frontend, GOOGLE_DNS, ECHO).outcome()).isEqualTo(Outcome.ALLOWED);
        assertThat(policies.egress(frontend, peer(pod("default", "role", "db"), "10.244.2.8"), ECHO).outcome())
                .isEqualTo(Outcome.ALLOWED);
        // the deny's toEndpoints is namespaced: backends elsewhere are allowed by toEntities all
        assertThat(policies.egress(frontend, peer(pod("prod", "role", "backend"), "10.244.2.9"), ECHO).outcome())
                .isEqualTo(Outcome.ALLOWED);
    }

    @Test
    void denyAllEntitiesDropsEveryEgressOfEveryPodInItsNamespace() throws IOException {
        PolicyRepository policies = repository(example("cilium-cli-connectivity__deny-all-entities.yaml"));

        for (Peer destination : List.of(GOOGLE_DNS, C2, Peer.host(Ipv4.parseOrThrow("172.18.0.2")),
                peer(pod("default", "app", "b"), "10.244.0.5"))) {
            Verdict verdict = policies.egress(pod("default", "app", "a"), destination, ECHO);
            assertThat(verdict.outcome()).as("to %s", destination.kind()).isEqualTo(Outcome.DENIED);
            assertThat(verdict.policies()).extracting(PolicyRef::name).containsExactly("all-entities-deny");
        }
        assertThat(policies.egress(pod("kube-system", "app", "a"), GOOGLE_DNS, ECHO)).isEqualTo(Verdict.NO_POLICY);
    }

    @Test
    void icmpEchoAllowedToAnyDestinationOtherIcmpTypesDefaultDenied() throws IOException {
        PolicyRepository policies = repository(example("cilium-cli-connectivity__client-egress-icmp.yaml"),
                example("cilium__l4__icmp.yaml"));
        EndpointLabels client = pod("default", "kind", "client");
        EndpointLabels service = pod("default", "app", "myService");

        assertThat(policies.egress(client, C2, ECHO).outcome()).isEqualTo(Outcome.ALLOWED);
        assertThat(policies.egress(client, peer(pod("default", "kind", "echo"), "10.244.1.3"), ECHO).outcome())
                .isEqualTo(Outcome.ALLOWED);
        assertThat(policies.egress(service, GOOGLE_DNS, ECHO).outcome()).isEqualTo(Outcome.ALLOWED);
        int timestamp = 13;
        assertThat(policies.egress(client, C2, timestamp).outcome()).isEqualTo(Outcome.DEFAULT_DENIED);
        assertThat(policies.egress(service, C2, timestamp).outcome()).isEqualTo(Outcome.DEFAULT_DENIED);
    }

    @Test
    void ingressDenyOnlyPolicyDeniesTheOtherClientAndDefaultDeniesEveryoneElse() throws IOException {
        PolicyRepository policies = repository(example("cilium-cli-connectivity__echo-ingress-icmp-deny.yaml"));
        EndpointLabels client = pod("default", "kind", "client");
        Peer otherClient = peer(pod("default", "kind", "client", "other", "client"), "10.244.1.4");
        Peer stranger = peer(pod("default", "kind", "echo"), "10.244.1.5");

        Verdict denied = policies.ingress(client, otherClient, ECHO);
        assertThat(denied.outcome()).isEqualTo(Outcome.DENIED);
        assertThat(denied.policies()).extracting(PolicyRef::name)
                .containsExactly("client-ingress-from-other-client-icmp-deny");
        // a policy with only ingressDeny still puts ingress in default deny
        assertThat(policies.ingress(client, stranger, ECHO).outcome()).isEqualTo(Outcome.DEFAULT_DENIED);
        assertThat(policies.egress(client, GOOGLE_DNS, ECHO)).isEqualTo(Verdict.NO_POLICY);
    }

    @Test
    void namespaceIsolationAcceptsOnlyItsOwnNamespace() throws IOException {
        PolicyRepository policies = repository(example("cilium__kubernetes__namespace__isolate-namespaces.yaml"));
        EndpointLabels ns1Pod = pod("ns1", "app", "a");

        assertThat(policies.ingress(ns1Pod, peer(pod("ns1", "app", "b"), "10.244.0.3"), ECHO).outcome())
                .isEqualTo(Outcome.ALLOWED);
        assertThat(policies.ingress(ns1Pod, peer(pod("ns2", "app", "b"), "10.244.0.4"), ECHO).outcome())
                .isEqualTo(Outcome.DEFAULT_DENIED);
        assertThat(policies.ingress(ns1Pod, GOOGLE_DNS, ECHO).outcome()).isEqualTo(Outcome.DEFAULT_DENIED);
        assertThat(policies.ingress(pod("ns3", "app", "a"), peer(pod("ns2", "app", "b"), "10.244.0.4"), ECHO))
                .isEqualTo(Verdict.NO_POLICY);
    }

    @Test
    void clusterwideLockdownDeniesWorldIngressEverywhereAndAllowsTheRest() throws IOException {
        PolicyRepository policies = repository(example("cilium__l3__entities__from_world_deny.yaml"));

        for (String namespace : List.of("default", "kube-system", "c2-lab")) {
            EndpointLabels any = pod(namespace, "app", "x");
            Verdict fromWorld = policies.ingress(any, GOOGLE_DNS, ECHO);
            assertThat(fromWorld.outcome()).isEqualTo(Outcome.DENIED);
            assertThat(fromWorld.policies()).singleElement().satisfies(ref -> {
                assertThat(ref.kind()).isEqualTo("CiliumClusterwideNetworkPolicy");
                assertThat(ref.name()).isEqualTo("external-lockdown");
                assertThat(ref.namespace()).isEmpty();
            });
            assertThat(policies.ingress(any, peer(pod("other", "app", "y"), "10.244.0.9"), ECHO).outcome())
                    .isEqualTo(Outcome.ALLOWED);
            assertThat(policies.ingress(any, Peer.host(Ipv4.parseOrThrow("172.18.0.2")), ECHO).outcome())
                    .isEqualTo(Outcome.ALLOWED);
        }
    }

    @Test
    void fromWorldOnlyForPublicPods() throws IOException {
        PolicyRepository policies = repository(example("cilium__l3__entities__world.yaml"));
        EndpointLabels publicPod = pod("default", "role", "public");

        assertThat(policies.ingress(publicPod, C2, ECHO).outcome()).isEqualTo(Outcome.ALLOWED);
        assertThat(policies.ingress(publicPod, peer(pod("default", "role", "x"), "10.244.0.2"), ECHO).outcome())
                .isEqualTo(Outcome.DEFAULT_DENIED);
        assertThat(policies.ingress(publicPod, Peer.host(Ipv4.parseOrThrow("172.18.0.2")), ECHO).outcome())
                .isEqualTo(Outcome.DEFAULT_DENIED);
    }

    @Test
    void cidrSetDenyWithExceptLeavesTheExceptionToDefaultDeny() throws IOException {
        // Cilium's connectivity test, with its template placeholders filled in
        String yaml = example("cilium-cli-connectivity__client-egress-to-cidr-external-deny.yaml")
                .replace("{{.ExternalCIDRv4}}", "1.0.0.0/8")
                .replace("{{.ExternalIPv4 | ipToCIDR }}", "1.1.1.1/32")
                .replace("{{.ExternalCIDRv6}}", "2001:db8::/32")
                .replace("{{.ExternalIPv6 | ipToCIDR }}", "2001:db8::1/128");
        PolicyRepository policies = repository(yaml);
        EndpointLabels client = pod("default", "kind", "client");

        assertThat(policies.egress(client, Peer.world(Ipv4.parseOrThrow("1.0.0.1")), ECHO).outcome())
                .isEqualTo(Outcome.DENIED);
        // "if there is no other allowed rule, the policy will be automatically denied ExternalIP as well"
        assertThat(policies.egress(client, C2, ECHO).outcome()).isEqualTo(Outcome.DEFAULT_DENIED);
        assertThat(policies.egress(client, GOOGLE_DNS, ECHO).outcome()).isEqualTo(Outcome.DEFAULT_DENIED);
        // CIDR rules never select pods, even inside the block
        String inside = "1.2.3.4";
        assertThat(policies.egress(client, peer(pod("default", "app", "x"), inside), ECHO).outcome())
                .isEqualTo(Outcome.DEFAULT_DENIED);
    }
}
