package io.c2intents.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a simulator command ended. */
public enum SimulatorOutcome {
    @JsonProperty("done") DONE,
    /** The command itself was invalid; nothing was changed. */
    @JsonProperty("rejected") REJECTED,
    /** The command was valid but the cluster did not let it finish. */
    @JsonProperty("failed") FAILED
}
