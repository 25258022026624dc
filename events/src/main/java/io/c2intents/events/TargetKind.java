package io.c2intents.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a mitigation acts on. */
public enum TargetKind {
    @JsonProperty("pod") POD,
    @JsonProperty("workload") WORKLOAD,
    @JsonProperty("node") NODE
}
