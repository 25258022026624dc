package io.c2intents.lab.api;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes API resource path taken apart: {@code /api/v1/namespaces/ns/pods/name/exec} has group "" (core),
 * version v1, namespace ns, resource pods, name and subresource exec.
 *
 * @param group the API group, empty for the core group
 * @param namespace the namespace, or null for cluster-wide paths
 * @param name the object name, or null for a collection
 * @param subresource {@code status}, {@code scale}, {@code exec}, ... or null
 */
public record ApiPath(String group, String version, String namespace, String resource, String name,
        String subresource) {

    private static final Pattern CORE = Pattern.compile(
            "^/api/([^/]+)(?:/namespaces/([^/]+))?/([^/]+)(?:/([^/]+))?(?:/([^/]+))?/?$");
    private static final Pattern GROUPED = Pattern.compile(
            "^/apis/([^/]+)/([^/]+)(?:/namespaces/([^/]+))?/([^/]+)(?:/([^/]+))?(?:/([^/]+))?/?$");

    /** Parses a path without its query string; null when it is not a resource path. */
    public static ApiPath parse(String path) {
        Matcher core = CORE.matcher(path);
        if (core.matches()) {
            return normalise(new ApiPath("", core.group(1), core.group(2), core.group(3), core.group(4),
                    core.group(5)));
        }
        Matcher grouped = GROUPED.matcher(path);
        if (grouped.matches()) {
            return normalise(new ApiPath(grouped.group(1), grouped.group(2), grouped.group(3), grouped.group(4),
                    grouped.group(5), grouped.group(6)));
        }
        return null;
    }

    /** {@code /api/v1/namespaces/ns/status} is the status of namespace ns, not a resource "status" in it. */
    private static ApiPath normalise(ApiPath path) {
        if (path.group.isEmpty() && path.namespace != null && path.name == null
                && (path.resource.equals("status") || path.resource.equals("finalize"))) {
            return new ApiPath("", path.version, null, "namespaces", path.namespace, path.resource);
        }
        return path;
    }

    /** {@code group/version}, or just the version for the core group. */
    public String groupVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** The path of the object itself (no subresource). */
    public String objectPath() {
        return collectionPath() + "/" + name;
    }

    /** The path of the collection in this path's namespace. */
    public String collectionPath() {
        String prefix = group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
        return prefix + (namespace == null ? "" : "/namespaces/" + namespace) + "/" + resource;
    }

    public boolean is(String group, String resource) {
        return this.group.equals(group) && this.resource.equals(resource);
    }
}
