package io.c2intents.lab.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The discovery documents ({@code /api}, {@code /apis}, {@code /api/v1}, {@code /apis/{group}/{version}},
 * {@code /version}) that kubectl reads before anything else, listing the built-in resources the lab serves and
 * the custom resources whose CRDs are stored (Cilium's among them).
 */
final class Discovery {

    /** One served resource. */
    record Resource(String name, String singular, String kind, boolean namespaced, List<String> verbs,
            List<String> shortNames, List<String> categories, String group, String version) {
    }

    private static final List<String> ALL_VERBS = List.of("create", "delete", "deletecollection", "get", "list",
            "patch", "update", "watch");
    private static final List<String> CLUSTER_VERBS = List.of("create", "delete", "get", "list", "patch", "update",
            "watch");
    private static final List<String> STATUS_VERBS = List.of("get", "patch", "update");

    private static final Map<String, List<Resource>> BUILT_IN = new LinkedHashMap<>();

    static {
        BUILT_IN.put("v1", List.of(
                resource("pods", "pod", "Pod", true, List.of("po"), List.of("all")),
                sub("pods/exec", "PodExecOptions", true, List.of("create", "get")),
                sub("pods/log", "Pod", true, List.of("get")),
                sub("pods/status", "Pod", true, STATUS_VERBS),
                new Resource("pods/eviction", "", "Eviction", true, List.of("create"), List.of(), List.of(),
                        "policy", "v1"),
                new Resource("nodes", "node", "Node", false, ALL_VERBS, List.of("no"), List.of(), null, null),
                sub("nodes/status", "Node", false, STATUS_VERBS),
                new Resource("namespaces", "namespace", "Namespace", false, CLUSTER_VERBS, List.of("ns"), List.of(),
                        null, null),
                sub("namespaces/status", "Namespace", false, STATUS_VERBS),
                resource("services", "service", "Service", true, List.of("svc"), List.of("all")),
                resource("configmaps", "configmap", "ConfigMap", true, List.of("cm"), List.of()),
                resource("secrets", "secret", "Secret", true, List.of(), List.of()),
                resource("serviceaccounts", "serviceaccount", "ServiceAccount", true, List.of("sa"), List.of()),
                resource("endpoints", "endpoints", "Endpoints", true, List.of("ep"), List.of()),
                resource("events", "event", "Event", true, List.of("ev"), List.of())));
        BUILT_IN.put("apps/v1", List.of(
                resource("deployments", "deployment", "Deployment", true, List.of("deploy"), List.of("all")),
                new Resource("deployments/scale", "", "Scale", true, STATUS_VERBS, List.of(), List.of(),
                        "autoscaling", "v1"),
                sub("deployments/status", "Deployment", true, STATUS_VERBS),
                resource("replicasets", "replicaset", "ReplicaSet", true, List.of("rs"), List.of("all")),
                new Resource("replicasets/scale", "", "Scale", true, STATUS_VERBS, List.of(), List.of(),
                        "autoscaling", "v1"),
                sub("replicasets/status", "ReplicaSet", true, STATUS_VERBS),
                resource("daemonsets", "daemonset", "DaemonSet", true, List.of("ds"), List.of("all")),
                resource("statefulsets", "statefulset", "StatefulSet", true, List.of("sts"), List.of("all"))));
        BUILT_IN.put("policy/v1", List.of(
                resource("poddisruptionbudgets", "poddisruptionbudget", "PodDisruptionBudget", true,
                        List.of("pdb"), List.of())));
        BUILT_IN.put("networking.k8s.io/v1", List.of(
                resource("networkpolicies", "networkpolicy", "NetworkPolicy", true, List.of("netpol"), List.of())));
        BUILT_IN.put("batch/v1", List.of(
                resource("jobs", "job", "Job", true, List.of(), List.of("all")),
                resource("cronjobs", "cronjob", "CronJob", true, List.of("cj"), List.of("all"))));
        BUILT_IN.put("coordination.k8s.io/v1", List.of(
                resource("leases", "lease", "Lease", true, List.of(), List.of())));
        BUILT_IN.put("apiextensions.k8s.io/v1", List.of(
                new Resource("customresourcedefinitions", "customresourcedefinition", "CustomResourceDefinition",
                        false, ALL_VERBS, List.of("crd", "crds"), List.of("api-extensions"), null, null)));
    }

    private Discovery() {
    }

    /** The kind of a built-in resource ({@code pods} → {@code Pod}), or empty for custom and unknown ones. */
    static Optional<String> kindOf(String group, String resource) {
        for (Map.Entry<String, List<Resource>> entry : BUILT_IN.entrySet()) {
            int slash = entry.getKey().indexOf('/');
            String entryGroup = slash < 0 ? "" : entry.getKey().substring(0, slash);
            if (!entryGroup.equals(group)) {
                continue;
            }
            for (Resource r : entry.getValue()) {
                if (r.name().equals(resource)) {
                    return Optional.of(r.kind());
                }
            }
        }
        return Optional.empty();
    }

    /** The document for {@code path}, or empty when it is not a discovery path. */
    static Optional<JsonNode> serve(String path, String serverAddress, List<JsonNode> storedCrds) {
        Map<String, List<Resource>> groups = groups(storedCrds);
        String trimmed = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        if (trimmed.equals("/version")) {
            return Optional.of(version());
        }
        if (trimmed.equals("/api")) {
            ObjectNode versions = ApiStatus.JSON.createObjectNode().put("kind", "APIVersions");
            versions.putArray("versions").add("v1");
            versions.putArray("serverAddressByClientCIDRs").addObject().put("clientCIDR", "0.0.0.0/0")
                    .put("serverAddress", serverAddress);
            return Optional.of(versions);
        }
        if (trimmed.equals("/apis")) {
            ObjectNode list = ApiStatus.JSON.createObjectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
            ArrayNode array = list.putArray("groups");
            Map<String, List<String>> byGroup = new LinkedHashMap<>();
            groups.keySet().stream().filter(gv -> gv.contains("/")).forEach(gv -> byGroup
                    .computeIfAbsent(gv.substring(0, gv.indexOf('/')), g -> new ArrayList<>())
                    .add(gv.substring(gv.indexOf('/') + 1)));
            byGroup.forEach((group, versions) -> {
                ObjectNode entry = array.addObject().put("name", group);
                ArrayNode versionList = entry.putArray("versions");
                versions.forEach(v -> versionList.addObject().put("groupVersion", group + "/" + v).put("version", v));
                entry.putObject("preferredVersion").put("groupVersion", group + "/" + versions.get(0))
                        .put("version", versions.get(0));
            });
            return Optional.of(list);
        }
        String groupVersion = null;
        if (trimmed.equals("/api/v1")) {
            groupVersion = "v1";
        } else if (trimmed.startsWith("/apis/") && trimmed.chars().filter(c -> c == '/').count() == 3) {
            groupVersion = trimmed.substring("/apis/".length());
        } else if (trimmed.startsWith("/apis/") && trimmed.chars().filter(c -> c == '/').count() == 2) {
            String group = trimmed.substring("/apis/".length());
            Optional<String> served = groups.keySet().stream().filter(gv -> gv.startsWith(group + "/")).findFirst();
            if (served.isEmpty()) {
                return Optional.empty();
            }
            ObjectNode entry = ApiStatus.JSON.createObjectNode().put("kind", "APIGroup").put("apiVersion", "v1")
                    .put("name", group);
            entry.putArray("versions").addObject().put("groupVersion", served.get())
                    .put("version", served.get().substring(group.length() + 1));
            entry.putObject("preferredVersion").put("groupVersion", served.get())
                    .put("version", served.get().substring(group.length() + 1));
            return Optional.of(entry);
        }
        if (groupVersion == null || !groups.containsKey(groupVersion)) {
            return Optional.empty();
        }
        ObjectNode list = ApiStatus.JSON.createObjectNode().put("kind", "APIResourceList").put("apiVersion", "v1")
                .put("groupVersion", groupVersion);
        ArrayNode resources = list.putArray("resources");
        for (Resource resource : groups.get(groupVersion)) {
            ObjectNode entry = resources.addObject().put("name", resource.name())
                    .put("singularName", resource.singular()).put("namespaced", resource.namespaced())
                    .put("kind", resource.kind());
            if (resource.group() != null) {
                entry.put("group", resource.group()).put("version", resource.version());
            }
            ArrayNode verbs = entry.putArray("verbs");
            resource.verbs().forEach(verbs::add);
            if (!resource.shortNames().isEmpty()) {
                ArrayNode shorts = entry.putArray("shortNames");
                resource.shortNames().forEach(shorts::add);
            }
            if (!resource.categories().isEmpty()) {
                ArrayNode categories = entry.putArray("categories");
                resource.categories().forEach(categories::add);
            }
        }
        return Optional.of(list);
    }

    private static Map<String, List<Resource>> groups(List<JsonNode> storedCrds) {
        Map<String, List<Resource>> groups = new LinkedHashMap<>(BUILT_IN);
        for (JsonNode crd : storedCrds) {
            JsonNode spec = crd.path("spec");
            JsonNode names = spec.path("names");
            String group = spec.path("group").asText();
            for (JsonNode version : spec.path("versions")) {
                if (!version.path("served").asBoolean(true)) {
                    continue;
                }
                String groupVersion = group + "/" + version.path("name").asText();
                List<Resource> resources = new ArrayList<>(groups.getOrDefault(groupVersion, List.of()));
                boolean namespaced = "Namespaced".equals(spec.path("scope").asText());
                String plural = names.path("plural").asText();
                resources.add(new Resource(plural, names.path("singular").asText(), names.path("kind").asText(),
                        namespaced, ALL_VERBS, strings(names.path("shortNames")), strings(names.path("categories")),
                        null, null));
                if (version.path("subresources").has("status")) {
                    resources.add(sub(plural + "/status", names.path("kind").asText(), namespaced, STATUS_VERBS));
                }
                groups.put(groupVersion, resources);
            }
        }
        return groups;
    }

    private static ObjectNode version() {
        return ApiStatus.JSON.createObjectNode()
                .put("major", "1").put("minor", "32").put("gitVersion", "v1.32.2-lab")
                .put("gitCommit", "c2intents-lab-cluster").put("gitTreeState", "clean")
                .put("buildDate", "2025-01-01T00:00:00Z").put("goVersion", "go1.23.6").put("compiler", "gc")
                .put("platform", "linux/amd64");
    }

    private static Resource resource(String name, String singular, String kind, boolean namespaced,
            List<String> shortNames, List<String> categories) {
        return new Resource(name, singular, kind, namespaced, ALL_VERBS, shortNames, categories, null, null);
    }

    private static Resource sub(String name, String kind, boolean namespaced, List<String> verbs) {
        return new Resource(name, "", kind, namespaced, verbs, List.of(), List.of(), null, null);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
