package io.c2intents.scenario.deploy;

import static io.c2intents.scenario.deploy.DeployFiles.SERVICES;
import static io.c2intents.scenario.deploy.DeployFiles.deploy;
import static io.c2intents.scenario.deploy.DeployFiles.resources;
import static io.c2intents.scenario.deploy.DeployFiles.root;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.c2intents.events.Topics;
import io.c2intents.lab.cilium.CiliumCrds;
import io.c2intents.lab.cilium.CiliumPolicyValidator;
import io.c2intents.testsupport.SharedData;
import io.c2intents.testsupport.TopicProvisioner;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keeps {@code deploy/} true to the code: it parses into objects a cluster knows, its KafkaTopics are the system's
 * topics as the local provisioner creates them, the copied service manifests are the ones Quarkus generates now, the
 * services point at the Strimzi Kafka declared here, and each ClusterRole grants what the service's code calls.
 */
class DeployManifestsTest {

    private static final String NAMESPACE = "c2intents";
    private static final Set<String> KNOWN_CUSTOM_KINDS = Set.of("kafka.strimzi.io/v1beta2 Kafka",
            "kafka.strimzi.io/v1beta2 KafkaNodePool", "kafka.strimzi.io/v1beta2 KafkaTopic",
            "cilium.io/v2 CiliumNetworkPolicy");
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding");

    /**
     * What each service calls on the Kubernetes API, as apiGroup/resource:verb (core group empty), with where in the
     * code it comes from. A ClusterRole without one of these fails that call with 403 on a real cluster.
     */
    private static final Map<String, List<String>> USED = Map.of(
            "mitigation-service", List.of(
                    // QuarantineAction: label the pod (merge patch), QuarantineReconciler: get it
                    "/pods:get", "/pods:patch",
                    // TerminatePodAction deletes the pod; DrainNodeAction lists the node's pods
                    "/pods:delete", "/pods:list",
                    // EvictFileAction through service-support's PodExec: a GET upgraded to a WebSocket, 'create' on newer servers
                    "/pods/exec:get", "/pods/exec:create",
                    // DrainNodeAction evicts through the Eviction API (PodDisruptionBudgets hold)
                    "/pods/eviction:create",
                    // DrainNodeAction cordons and uncordons (spec.unschedulable)
                    "/nodes:get", "/nodes:list", "/nodes:patch",
                    // DeleteWorkloadAction: pod -> ReplicaSet -> Deployment, then delete it or scale it to zero
                    "apps/replicasets:get", "apps/deployments:get", "apps/deployments:list", "apps/deployments:patch",
                    "apps/deployments:delete", "apps/deployments/scale:get", "apps/deployments/scale:update",
                    // QuarantineAction creates, replaces and reverts the quarantine CiliumNetworkPolicy (cluster/CiliumPolicies)
                    "cilium.io/ciliumnetworkpolicies:get", "cilium.io/ciliumnetworkpolicies:create",
                    "cilium.io/ciliumnetworkpolicies:update", "cilium.io/ciliumnetworkpolicies:delete"),
            "attack-simulator", List.of(
                    // KubernetesApiHealthCheck reads the experiment namespace; ExperimentDeployer creates it if missing
                    "/namespaces:get", "/namespaces:create",
                    // ExperimentDeployer/ExperimentResetter wait with informOnCondition (list + watch); PodInfector gets
                    "/pods:get", "/pods:list", "/pods:watch",
                    // ExperimentResetter: JSON patch of the responder's labels, delete by label selector
                    "/pods:patch", "/pods:delete", "/pods:deletecollection",
                    // PodExec (infect): a GET upgraded to a WebSocket, 'create' on newer servers
                    "/pods/exec:get", "/pods/exec:create",
                    // ExperimentDeployer: get, create, merge-patch back to the manifest, delete; ExperimentResetter: list, delete by label
                    "apps/deployments:get", "apps/deployments:create", "apps/deployments:patch",
                    "apps/deployments:delete", "apps/deployments:list", "apps/deployments:deletecollection",
                    // ExperimentResetter deletes the experiment's ReplicaSets by label
                    "apps/replicasets:deletecollection",
                    // cluster/CiliumPolicies from ExperimentDeployer (get, create, merge patch, delete) and ExperimentResetter (list by label)
                    "cilium.io/ciliumnetworkpolicies:get", "cilium.io/ciliumnetworkpolicies:create",
                    "cilium.io/ciliumnetworkpolicies:patch", "cilium.io/ciliumnetworkpolicies:delete",
                    "cilium.io/ciliumnetworkpolicies:list",
                    // ExperimentResetter.uncordon lists nodes and JSON-patches the cordoned ones
                    "/nodes:list", "/nodes:patch"),
            "orchestrator-service", List.of(
                    // ClusterService: pods of a namespace and of all (for the node view), one pod, its log
                    "/pods:get", "/pods:list", "/pods/log:get",
                    // ClusterService: nodes and deployments views
                    "/nodes:list", "apps/deployments:list"),
            // Hubble Relay (gRPC) and Kafka only: no Kubernetes API client at all
            "observer-service", List.of());

    @Test
    void everyFileParsesIntoKindsAClusterKnowsAndKustomizeListsThemAll() {
        List<String> files = DeployFiles.yamlFiles();
        assertThat(files).contains("kustomization.yaml", "namespace.yaml", "kafka/kafka.yaml", "kafka/topics.yaml");

        JsonNode kustomization = DeployFiles.documents(deploy().resolve("kustomization.yaml")).get(0);
        assertThat(kustomization.path("apiVersion").asText()).isEqualTo("kustomize.config.k8s.io/v1beta1");
        assertThat(kustomization.path("kind").asText()).isEqualTo("Kustomization");
        List<String> listed = new ArrayList<>();
        kustomization.path("resources").forEach(r -> listed.add(r.asText()));
        assertThat(listed).as("kustomization.yaml resources: every manifest in deploy/, nothing else")
                .containsExactlyInAnyOrderElementsOf(files.stream().filter(f -> !f.equals("kustomization.yaml")).toList());

        Map<String, Integer> kinds = new TreeMap<>();
        List<GenericKubernetesResource> policies = new ArrayList<>();
        for (String file : listed) {
            List<HasMetadata> objects = resources(file);
            assertThat(objects).as(file).isNotEmpty();
            for (HasMetadata object : objects) {
                String what = file + ": " + object.getKind() + " " + object.getMetadata().getName();
                if (object instanceof GenericKubernetesResource generic) {
                    // Fabric8 has no class for it: only the custom resources this deployment expects may be generic
                    assertThat(KNOWN_CUSTOM_KINDS).as(what).contains(generic.getApiVersion() + " " + generic.getKind());
                    if (generic.getKind().equals("CiliumNetworkPolicy")) {
                        policies.add(generic);
                    }
                } else {
                    assertThat(object.getApiVersion()).as(what).isEqualTo(HasMetadata.getApiVersion(object.getClass()));
                }
                if (CLUSTER_SCOPED.contains(object.getKind())) {
                    assertThat(object.getMetadata().getNamespace()).as(what + " is cluster-scoped").isNull();
                } else {
                    assertThat(object.getMetadata().getNamespace()).as(what + " namespace").isEqualTo(NAMESPACE);
                }
                kinds.merge(object.getKind(), 1, Integer::sum);
            }
        }
        assertThat(kinds).containsEntry("Namespace", 1).containsEntry("Deployment", SERVICES.size())
                .containsEntry("ServiceAccount", SERVICES.size()).containsEntry("Kafka", 1)
                .containsEntry("KafkaNodePool", 1);
        assertThat(resources("namespace.yaml")).singleElement().isInstanceOf(Namespace.class)
                .extracting(o -> o.getMetadata().getName()).isEqualTo(NAMESPACE);

        if (!policies.isEmpty()) {
            Optional<Path> crds = SharedData.dir().map(d -> d.resolve("cilium-crds")).filter(Files::isDirectory);
            Assumptions.assumeTrue(crds.isPresent(), "no shared-data cilium-crds/: deploy/'s CiliumNetworkPolicies "
                    + "not validated against Cilium's schema");
            CiliumPolicyValidator validator = new CiliumPolicyValidator(CiliumCrds.load(crds));
            for (GenericKubernetesResource policy : policies) {
                assertThat(validator.validate(CiliumCrds.CNP, DeployFiles.YAML.valueToTree(policy)))
                        .as("CiliumNetworkPolicy " + policy.getMetadata().getName()).isEmpty();
            }
        }
    }

    @Test
    void kafkaTopicsAreTheSystemsTopicsAndDlqsAsTheProvisionerCreatesThem() {
        Map<String, String> expected = new TreeMap<>();
        for (NewTopic topic : TopicProvisioner.plan(Topics.DEFAULT_PARTITIONS)) {
            expected.put(topic.name(), topic.numPartitions() + " partitions, " + topic.replicationFactor()
                    + " replicas, config " + new TreeMap<>(topic.configs() == null ? Map.of() : topic.configs()));
        }
        Set<String> names = new TreeSet<>(Topics.ALL);
        Topics.CONSUMED.forEach(t -> names.add(Topics.dlq(t)));
        assertThat(expected.keySet()).isEqualTo(names);

        String kafka = single(resources("kafka/kafka.yaml"), "Kafka").getMetadata().getName();
        Map<String, String> declared = new TreeMap<>();
        for (HasMetadata object : resources("kafka/topics.yaml")) {
            assertThat(object.getKind()).isEqualTo("KafkaTopic");
            assertThat(object.getMetadata().getLabels()).as(object.getMetadata().getName())
                    .containsEntry("strimzi.io/cluster", kafka);
            @SuppressWarnings("unchecked")
            Map<String, Object> spec = (Map<String, Object>) ((GenericKubernetesResource) object)
                    .getAdditionalProperties().get("spec");
            String name = (String) spec.getOrDefault("topicName", object.getMetadata().getName());
            @SuppressWarnings("unchecked")
            Map<String, Object> config = (Map<String, Object>) spec.getOrDefault("config", Map.of());
            Map<String, String> configs = new TreeMap<>();
            config.forEach((k, v) -> configs.put(k, String.valueOf(v)));
            assertThat(declared.put(name, spec.get("partitions") + " partitions, " + spec.get("replicas")
                    + " replicas, config " + configs)).as("topic " + name + " declared twice").isNull();
        }
        assertThat(declared).isEqualTo(expected);
    }

    @Test
    void servicesReachTheStrimziKafkaDeclaredHere() {
        List<HasMetadata> kafkaFile = resources("kafka/kafka.yaml");
        GenericKubernetesResource kafka = single(kafkaFile, "Kafka");
        GenericKubernetesResource pool = single(kafkaFile, "KafkaNodePool");
        String name = kafka.getMetadata().getName();
        assertThat(kafka.getMetadata().getAnnotations()).containsEntry("strimzi.io/kraft", "enabled")
                .containsEntry("strimzi.io/node-pools", "enabled");
        assertThat(pool.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", name);
        assertThat(DeployFiles.YAML.valueToTree(pool).path("spec").path("roles").toString())
                .contains("controller", "broker");
        Integer plainPort = null;
        for (JsonNode listener : DeployFiles.YAML.valueToTree(kafka).path("spec").path("kafka").path("listeners")) {
            if (!listener.path("tls").asBoolean(false) && listener.path("type").asText().equals("internal")) {
                plainPort = listener.path("port").asInt();
            }
        }
        assertThat(plainPort).as("a plain internal listener on the Kafka").isNotNull();
        // Strimzi names the bootstrap Service <cluster>-kafka-bootstrap, in the Kafka's namespace (the services' own)
        String bootstrap = name + "-kafka-bootstrap:" + plainPort;
        for (String service : SERVICES) {
            Map<String, String> env = env(container(service));
            assertThat(env).as(service).containsEntry("KAFKA_BOOTSTRAP_SERVERS", bootstrap)
                    .containsEntry("QUARKUS_PROFILE", "cluster");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"observer-service", "attack-simulator", "mitigation-service", "orchestrator-service"})
    void deployServicesAreWhatQuarkusGeneratesNow(String service) {
        Path generated = root().resolve(service).resolve("target/kubernetes/kubernetes.yml");
        Assumptions.assumeTrue(Files.isRegularFile(generated), service + "/target/kubernetes/kubernetes.yml is absent "
                + "(package the service first): deploy/services/" + service + ".yml not compared");
        Path copied = deploy().resolve("services").resolve(service + ".yml");
        assertThat(copied).as("deploy/services/" + service + ".yml").isRegularFile();
        // compared as objects: Quarkus may order labels and rules differently from one build to the next
        assertThat(DeployFiles.canonical(copied)).as("deploy/services/" + service + ".yml differs from " + service
                + "/target/kubernetes/kubernetes.yml: run scripts/manifests.sh")
                .isEqualTo(DeployFiles.canonical(generated));
    }

    @ParameterizedTest
    @ValueSource(strings = {"observer-service", "attack-simulator", "mitigation-service", "orchestrator-service"})
    void deploymentRunsTheServiceImageWithItsPortProbesAndServiceAccount(String service) throws IOException {
        List<HasMetadata> objects = resources("services/" + service + ".yml");
        Deployment deployment = typed(objects, Deployment.class).get(0);
        Container container = container(service);
        assertThat(container.getImage()).isEqualTo("c2intents/" + service + ":" + projectVersion());
        int port = Integer.parseInt(properties(service).getProperty("quarkus.http.port"));
        assertThat(container.getPorts()).anySatisfy(p -> assertThat(p.getContainerPort()).isEqualTo(port));
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
        assertThat(container.getReadinessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(port);
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
        String account = deployment.getSpec().getTemplate().getSpec().getServiceAccountName();
        assertThat(account).isEqualTo(service);
        assertThat(typed(objects, ServiceAccount.class)).extracting(a -> a.getMetadata().getName()).containsExactly(service);
        // the mitigation guardrails protect the system's own pods by this label, and its namespace by setting
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/part-of", "c2-intents");
        if (service.equals("mitigation-service")) {
            assertThat(env(container)).containsEntry("MITIGATION_OWN_NAMESPACE", NAMESPACE);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"observer-service", "attack-simulator", "mitigation-service", "orchestrator-service"})
    void clusterRoleGrantsEveryCallTheCodeMakes(String service) {
        List<HasMetadata> objects = resources("services/" + service + ".yml");
        Set<String> boundRoles = new LinkedHashSet<>();
        for (ClusterRoleBinding binding : typed(objects, ClusterRoleBinding.class)) {
            boolean toUs = binding.getSubjects().stream().anyMatch(s -> s.getKind().equals("ServiceAccount")
                    && s.getName().equals(service) && NAMESPACE.equals(s.getNamespace()));
            if (toUs && binding.getRoleRef().getKind().equals("ClusterRole")) {
                boundRoles.add(binding.getRoleRef().getName());
            }
        }
        Set<String> granted = new TreeSet<>();
        for (ClusterRole role : typed(objects, ClusterRole.class)) {
            assertThat(boundRoles).as("ClusterRole " + role.getMetadata().getName() + " bound cluster-wide to " + service)
                    .contains(role.getMetadata().getName());
            for (PolicyRule rule : role.getRules()) {
                for (String group : rule.getApiGroups()) {
                    for (String resource : rule.getResources()) {
                        rule.getVerbs().forEach(verb -> granted.add(group + "/" + resource + ":" + verb));
                    }
                }
            }
        }
        List<String> used = USED.get(service);
        if (used.isEmpty()) {
            assertThat(typed(objects, ClusterRole.class)).as(service + " needs no Kubernetes API rights").isEmpty();
            assertThat(typed(objects, Role.class)).isEmpty();
            assertThat(typed(objects, RoleBinding.class)).isEmpty();
            assertThat(typed(objects, ClusterRoleBinding.class)).isEmpty();
        } else {
            assertThat(granted).as(service + "'s ClusterRole").containsAll(used);
            assertThat(granted).as("no wildcard in " + service + "'s ClusterRole").noneMatch(g -> g.contains("*"));
        }
    }

    private static Container container(String service) {
        Deployment deployment = typed(resources("services/" + service + ".yml"), Deployment.class).get(0);
        return deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals(service)).findFirst().orElseThrow();
    }

    private static Map<String, String> env(Container container) {
        Map<String, String> env = new HashMap<>();
        for (EnvVar var : container.getEnv()) {
            if (var.getValue() != null) {
                env.put(var.getName(), var.getValue());
            }
        }
        return env;
    }

    private static <T> List<T> typed(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static GenericKubernetesResource single(List<HasMetadata> objects, String kind) {
        List<HasMetadata> found = objects.stream().filter(o -> o.getKind().equals(kind)).toList();
        assertThat(found).as(kind).hasSize(1);
        return (GenericKubernetesResource) found.get(0);
    }

    private static Properties properties(String service) throws IOException {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(root().resolve(service).resolve(
                "src/main/resources/application.properties"))) {
            properties.load(in);
        }
        return properties;
    }

    /** The reactor's version, which Quarkus uses as the image tag. */
    private static String projectVersion() throws IOException {
        Matcher m = Pattern.compile("<artifactId>c2-intents-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(root().resolve("pom.xml")));
        assertThat(m.find()).as("root pom version").isTrue();
        return m.group(1);
    }
}
