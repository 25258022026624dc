package io.c2intents.events;

/**
 * The key of every pod-keyed record: {@code namespace/pod}. When neither end of a flow is a pod the key is
 * the IP address alone (no slash).
 */
public final class PodKey {

    private PodKey() {
    }

    public static String of(String namespace, String pod) {
        return namespace + "/" + pod;
    }

    public static String of(PodRef pod) {
        return of(pod.namespace(), pod.name());
    }

    /** The namespace part of a key, or null for an IP key. */
    public static String namespace(String key) {
        int slash = key == null ? -1 : key.indexOf('/');
        return slash < 0 ? null : key.substring(0, slash);
    }

    /** The pod part of a key, or null for an IP key. */
    public static String pod(String key) {
        int slash = key == null ? -1 : key.indexOf('/');
        return slash < 0 ? null : key.substring(slash + 1);
    }
}
