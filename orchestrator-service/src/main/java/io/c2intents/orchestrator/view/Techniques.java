package io.c2intents.orchestrator.view;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The five D3FEND techniques of the reference demo and the action each maps to in the mitigation service's
 * registry.
 */
public final class Techniques {

    public static final String NTF = "D3-NTF";
    public static final String FEV = "D3-FEV";
    public static final String PT = "D3-PT";
    public static final String EDL = "D3-EDL";
    public static final String HS = "D3-HS";

    /** Technique id to action address, in the admin page's button order. */
    public static final Map<String, String> ACTIONS;

    static {
        Map<String, String> actions = new LinkedHashMap<>();
        actions.put(PT, "pod:terminate");
        actions.put(EDL, "workload:delete");
        actions.put(HS, "node:drain");
        actions.put(NTF, "cilium:quarantine");
        actions.put(FEV, "pod:evict-file");
        ACTIONS = Collections.unmodifiableMap(actions);
    }

    /** Readable names, as D3FEND gives them. */
    public static final Map<String, String> NAMES = Map.of(
            PT, "Process Termination",
            EDL, "Executable Denylisting",
            HS, "Host Shutdown",
            NTF, "Network Traffic Filtering",
            FEV, "File Eviction");

    private Techniques() {
    }

    /** The technique of a step, from its technique id or, failing that, its action address. */
    public static String of(String action, String technique) {
        if (technique != null) {
            return "D3-OTF".equals(technique) ? NTF : technique;
        }
        if (action == null) {
            return null;
        }
        return ACTIONS.entrySet().stream().filter(e -> e.getValue().equals(action)).map(Map.Entry::getKey)
                .findFirst().orElse(null);
    }
}
