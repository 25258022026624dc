package io.c2intents.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How an intent acts when it triggers. */
public enum IntentMode {
    /** Plan and apply at once. */
    @JsonProperty("automatic") AUTOMATIC,
    /** Plan, then wait for an approve request. */
    @JsonProperty("approval") APPROVAL,
    /** Plan and publish what would be done, change nothing. */
    @JsonProperty("dry-run") DRY_RUN
}
