package io.c2intents.mitigation.action;

import java.util.List;

/**
 * One Kubernetes RBAC rule an action needs, as it appears in a ClusterRole.
 *
 * @param apiGroups API groups ({@code ""} for the core group)
 * @param resources resources, subresources as {@code pods/exec}
 * @param verbs verbs
 */
public record RbacRule(List<String> apiGroups, List<String> resources, List<String> verbs) {

    public RbacRule {
        apiGroups = List.copyOf(apiGroups);
        resources = List.copyOf(resources);
        verbs = List.copyOf(verbs);
    }

    public static RbacRule of(String apiGroup, String resource, String... verbs) {
        return new RbacRule(List.of(apiGroup), List.of(resource), List.of(verbs));
    }
}
