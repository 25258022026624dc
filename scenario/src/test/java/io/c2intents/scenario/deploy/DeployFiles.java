package io.c2intents.scenario.deploy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads {@code deploy/} (the repository root's, beside this module) as a user's {@code kubectl apply -k deploy/}
 * would: every YAML document through Fabric8's serialization, so a field Kubernetes does not know fails here.
 */
final class DeployFiles {

    /** The services whose generated manifests live in {@code deploy/services/}. */
    static final List<String> SERVICES = List.of("observer-service", "attack-simulator", "mitigation-service",
            "orchestrator-service");

    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    static final YAMLMapper YAML = new YAMLMapper();

    private DeployFiles() {
    }

    /** The repository root: the scenario module's parent (Surefire runs in the module's folder). */
    static Path root() {
        return Path.of("").toAbsolutePath().getParent();
    }

    static Path deploy() {
        return root().resolve("deploy");
    }

    /** Every YAML file under {@code deploy/}, sorted, as paths relative to {@code deploy/}. */
    static List<String> yamlFiles() {
        try (Stream<Path> files = Files.walk(deploy())) {
            return files.filter(Files::isRegularFile)
                    .map(f -> deploy().relativize(f).toString().replace('\\', '/'))
                    .filter(f -> f.endsWith(".yaml") || f.endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The YAML documents of one file (empty documents, e.g. a leading {@code ---}, left out). */
    static List<JsonNode> documents(Path file) {
        try {
            List<JsonNode> docs = new ArrayList<>();
            for (JsonNode doc : YAML.readValues(YAML.createParser(file.toFile()), JsonNode.class).readAll()) {
                if (doc != null && !doc.isNull() && !doc.isMissingNode() && !doc.isEmpty()) {
                    docs.add(doc);
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
    }

    /** One document as the Fabric8 object a client would send: typed for Kubernetes' kinds, generic otherwise. */
    static HasMetadata resource(JsonNode doc) {
        KubernetesResource parsed = SERIALIZATION.unmarshal(doc.toString(), KubernetesResource.class);
        if (!(parsed instanceof HasMetadata resource)) {
            throw new IllegalArgumentException("not a Kubernetes object: " + doc);
        }
        return resource;
    }

    /**
     * The documents of a manifest in a form that ignores what Quarkus does not keep stable from one build to the next
     * (the order of labels, and of list items such as rules): objects with sorted keys, lists sorted, documents
     * sorted.
     */
    static List<String> canonical(Path file) {
        return documents(file).stream().map(DeployFiles::canonical).map(JsonNode::toString).sorted().toList();
    }

    private static JsonNode canonical(JsonNode node) {
        if (node.isObject()) {
            ObjectNode sorted = YAML.createObjectNode();
            new TreeMap<String, JsonNode>(YAML.convertValue(node, new TypeReference<Map<String, JsonNode>>() {
            })).forEach((k, v) -> sorted.set(k, canonical(v)));
            return sorted;
        }
        if (node.isArray()) {
            ArrayNode sorted = YAML.createArrayNode();
            List<JsonNode> items = new ArrayList<>();
            node.forEach(item -> items.add(canonical(item)));
            items.stream().sorted(Comparator.comparing(JsonNode::toString)).forEach(sorted::add);
            return sorted;
        }
        return node;
    }

    /** Every object of one file under {@code deploy/}. */
    static List<HasMetadata> resources(String relative) {
        return documents(deploy().resolve(relative)).stream().map(DeployFiles::resource).toList();
    }
}
