package io.c2intents.mitigation.action;

import java.util.Arrays;
import java.util.Optional;

/** The MITRE D3FEND techniques the actions implement, with their ids and names as D3FEND spells them. */
public enum D3fendTechnique {

    NETWORK_TRAFFIC_FILTERING("D3-NTF", "Network Traffic Filtering"),
    FILE_EVICTION("D3-FEV", "File Eviction"),
    PROCESS_TERMINATION("D3-PT", "Process Termination"),
    EXECUTABLE_DENYLISTING("D3-EDL", "Executable Denylisting"),
    HOST_SHUTDOWN("D3-HS", "Host Shutdown");

    private final String id;
    private final String displayName;

    D3fendTechnique(String id, String displayName) {
        this.id = id;
        this.displayName = displayName;
    }

    /** The D3FEND id, e.g. {@code D3-NTF}. */
    public String id() {
        return id;
    }

    /** The D3FEND name, e.g. Network Traffic Filtering. */
    public String displayName() {
        return displayName;
    }

    public static Optional<D3fendTechnique> byId(String id) {
        return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
    }
}
