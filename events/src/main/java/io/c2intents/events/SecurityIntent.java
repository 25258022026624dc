package io.c2intents.events;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A declared security intent, on the compacted {@code security-intents} topic, keyed by {@code name}. It says
 * what must hold; the mitigation service keeps it true.
 *
 * @param schemaVersion payload version
 * @param name unique name (DNS-1123 label), the record key
 * @param description what the intent is for
 * @param trigger which alerts set it off
 * @param scope which pods it covers
 * @param goal what must be achieved, e.g. {@code contain-and-eradicate}
 * @param techniques the D3FEND techniques it may use, by id (D3-NTF, D3-FEV, D3-PT, D3-EDL, D3-HS)
 * @param mode automatic, approval or dry-run
 * @param verificationWindow flow time without a C2 attempt after which eradication counts as verified
 * @param duration flow time after which containment is lifted anyway; null keeps it until verified
 * @param rateLimitPerMinute actions per minute at most, so an alert flood cannot quarantine the cluster
 * @param parameters per-action parameters, keyed by action address then name
 */
public record SecurityIntent(int schemaVersion, String name, String description, Trigger trigger, Scope scope,
        String goal, List<String> techniques, IntentMode mode, Duration verificationWindow, Duration duration,
        int rateLimitPerMinute, Map<String, Map<String, String>> parameters) {

    public static final int SCHEMA_VERSION = 1;
    public static final String CONTRACT = "security-intent";
    public static final int DEFAULT_RATE_LIMIT_PER_MINUTE = 60;

    public SecurityIntent {
        techniques = techniques == null ? List.of() : List.copyOf(techniques);
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        if (rateLimitPerMinute == 0) {
            rateLimitPerMinute = DEFAULT_RATE_LIMIT_PER_MINUTE;
        }
    }

    /**
     * Which alerts trigger the intent.
     *
     * @param detectors detectors whose alerts count; all when empty
     * @param minScore lowest alert score that counts
     * @param attackTechniques ATT&amp;CK technique ids that count; all when empty
     */
    public record Trigger(List<Detector> detectors, double minScore, List<String> attackTechniques) {
        public Trigger {
            detectors = detectors == null ? List.of() : List.copyOf(detectors);
            attackTechniques = attackTechniques == null ? List.of() : List.copyOf(attackTechniques);
        }
    }

    /**
     * Which pods the intent covers.
     *
     * @param namespaces namespaces covered; all when empty
     * @param selector pod labels that must all match; any pod when empty
     * @param excludedNamespaces namespaces never touched
     */
    public record Scope(List<String> namespaces, Map<String, String> selector, List<String> excludedNamespaces) {
        public Scope {
            namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
            selector = selector == null ? Map.of() : Map.copyOf(selector);
            excludedNamespaces = excludedNamespaces == null ? List.of() : List.copyOf(excludedNamespaces);
        }
    }
}
