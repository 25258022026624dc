package io.c2intents.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a mitigation request asks for. */
public enum MitigationMode {
    @JsonProperty("apply") APPLY,
    @JsonProperty("revert") REVERT,
    /** Let a plan waiting for approval go ahead ({@code reference} names it). */
    @JsonProperty("approve") APPROVE,
    /** Plan only: say what would be created or changed, change nothing. */
    @JsonProperty("dry-run") DRY_RUN
}
