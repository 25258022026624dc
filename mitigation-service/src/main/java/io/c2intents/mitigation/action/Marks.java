package io.c2intents.mitigation.action;

import io.c2intents.mitigation.config.MitigationConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The labels and annotations the actions leave on what they touch, and the names they give what they create. Kept
 * in one place because apply writes them, revert looks for them, and the attack simulator's reset removes them.
 */
@ApplicationScoped
public class Marks {

    /** Label values: at most 63 characters, alphanumerics at both ends, {@code -_.} inside. */
    private static final Pattern LABEL_VALUE = Pattern.compile("^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?\\z");
    private static final int MAX_NAME = 253;

    private final MitigationConfig.Marks config;
    private final String managedByKey;
    private final String managedByValue;

    public Marks(MitigationConfig config) {
        this.config = config.marks();
        String managedBy = this.config.managedBy();
        int eq = managedBy.indexOf('=');
        managedByKey = eq < 0 ? managedBy : managedBy.substring(0, eq);
        managedByValue = eq < 0 ? "true" : managedBy.substring(eq + 1);
    }

    public String managedByKey() {
        return managedByKey;
    }

    public String managedByValue() {
        return managedByValue;
    }

    public String quarantineLabel() {
        return config.quarantineLabel();
    }

    public String cordonedBy() {
        return config.cordonedBy();
    }

    public String drainedFor() {
        return config.drainedFor();
    }

    public String replicasBefore() {
        return config.replicasBefore();
    }

    public String scaledFor() {
        return config.scaledFor();
    }

    /** Name of the quarantine policy of a pod: the prefix and the pod's name, shortened with a hash if too long. */
    public String quarantinePolicyName(String pod) {
        String name = config.quarantinePolicyPrefix() + pod;
        if (name.length() <= MAX_NAME) {
            return name;
        }
        return name.substring(0, MAX_NAME - 9).replaceAll("[-.]+$", "") + "-" + hash(pod);
    }

    /**
     * A label value naming a pod: the name itself when it is a valid label value, else a shortened name with a hash,
     * still unique per pod.
     */
    public String podLabelValue(String pod) {
        if (LABEL_VALUE.matcher(pod).matches()) {
            return pod;
        }
        String head = pod.substring(0, Math.min(pod.length(), 54)).replaceAll("[^-A-Za-z0-9_.]", "-")
                .replaceAll("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$", "");
        return (head.isEmpty() ? "pod" : head) + "-" + hash(pod);
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
