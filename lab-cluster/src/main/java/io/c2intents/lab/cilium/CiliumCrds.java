package io.c2intents.lab.cilium;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The Cilium custom resources the lab serves: CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy under
 * {@code cilium.io/v2}. Read from Cilium's own CRD files when a folder is given (then policies are validated
 * against their {@code openAPIV3Schema}), else built in without a schema.
 */
public final class CiliumCrds {

    public static final String GROUP = "cilium.io";
    public static final String VERSION = "v2";
    public static final String CNP = "ciliumnetworkpolicies";
    public static final String CCNP = "ciliumclusterwidenetworkpolicies";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /**
     * One served custom resource.
     *
     * @param crd the CustomResourceDefinition as stored in the API (from the file, or a minimal one)
     * @param schema the served version's {@code openAPIV3Schema}, or null when none was given
     * @param source the file it came from, or null when built in
     */
    public record Definition(String kind, String plural, String singular, boolean namespaced,
            List<String> shortNames, List<String> categories, JsonNode crd, JsonNode schema, Path source) {
    }

    private final List<Definition> definitions;

    private CiliumCrds(List<Definition> definitions) {
        this.definitions = List.copyOf(definitions);
    }

    public List<Definition> definitions() {
        return definitions;
    }

    public Optional<Definition> byPlural(String plural) {
        return definitions.stream().filter(d -> d.plural().equals(plural)).findFirst();
    }

    /** Whether the definitions carry Cilium's schemas (policies are then validated). */
    public boolean validating() {
        return definitions.stream().anyMatch(d -> d.schema() != null);
    }

    /**
     * Loads the two policy CRDs from {@code dir} ({@code *.yaml} files of Cilium's {@code crds/v2}); what the folder
     * lacks is built in. Without a folder, both are built in.
     */
    public static CiliumCrds load(Optional<Path> dir) {
        List<Definition> found = new ArrayList<>();
        if (dir.isPresent()) {
            if (!Files.isDirectory(dir.get())) {
                throw new IllegalArgumentException("Cilium CRD folder not found: " + dir.get());
            }
            try (Stream<Path> files = Files.list(dir.get())) {
                for (Path file : files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                        .sorted().toList()) {
                    readDefinition(file).ifPresent(found::add);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read Cilium CRDs from " + dir.get(), e);
            }
        }
        List<Definition> all = new ArrayList<>(found);
        if (all.stream().noneMatch(d -> d.plural().equals(CNP))) {
            all.add(builtIn("CiliumNetworkPolicy", CNP, "ciliumnetworkpolicy", true, List.of("cnp", "ciliumnp")));
        }
        if (all.stream().noneMatch(d -> d.plural().equals(CCNP))) {
            all.add(builtIn("CiliumClusterwideNetworkPolicy", CCNP, "ciliumclusterwidenetworkpolicy", false,
                    List.of("ccnp")));
        }
        return new CiliumCrds(all);
    }

    private static Optional<Definition> readDefinition(Path file) throws IOException {
        JsonNode crd = YAML.readTree(file.toFile());
        if (crd == null || !"CustomResourceDefinition".equals(crd.path("kind").asText())
                || !GROUP.equals(crd.path("spec").path("group").asText())) {
            return Optional.empty();
        }
        JsonNode names = crd.path("spec").path("names");
        String plural = names.path("plural").asText();
        if (!plural.equals(CNP) && !plural.equals(CCNP)) {
            return Optional.empty();
        }
        JsonNode schema = null;
        for (JsonNode version : crd.path("spec").path("versions")) {
            if (VERSION.equals(version.path("name").asText())) {
                schema = version.path("schema").path("openAPIV3Schema");
            }
        }
        if (schema == null || schema.isMissingNode()) {
            throw new IllegalArgumentException(file + " has no " + VERSION + " openAPIV3Schema");
        }
        return Optional.of(new Definition(names.path("kind").asText(), plural, names.path("singular").asText(),
                "Namespaced".equals(crd.path("spec").path("scope").asText()), strings(names.path("shortNames")),
                strings(names.path("categories")), crd, schema, file));
    }

    private static Definition builtIn(String kind, String plural, String singular, boolean namespaced,
            List<String> shortNames) {
        ObjectNode crd = YAML.createObjectNode();
        crd.put("apiVersion", "apiextensions.k8s.io/v1").put("kind", "CustomResourceDefinition");
        crd.putObject("metadata").put("name", plural + "." + GROUP);
        ObjectNode spec = crd.putObject("spec");
        spec.put("group", GROUP).put("scope", namespaced ? "Namespaced" : "Cluster");
        ObjectNode names = spec.putObject("names");
        names.put("kind", kind).put("listKind", kind + "List").put("plural", plural).put("singular", singular);
        ArrayNode shorts = names.putArray("shortNames");
        shortNames.forEach(shorts::add);
        names.putArray("categories").add("cilium").add("ciliumpolicy");
        ObjectNode version = spec.putArray("versions").addObject();
        version.put("name", VERSION).put("served", true).put("storage", true);
        version.putObject("schema").putObject("openAPIV3Schema").put("type", "object")
                .put("x-kubernetes-preserve-unknown-fields", true);
        version.putObject("subresources").putObject("status");
        return new Definition(kind, plural, singular, namespaced, shortNames, List.of("cilium", "ciliumpolicy"), crd,
                null, null);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
