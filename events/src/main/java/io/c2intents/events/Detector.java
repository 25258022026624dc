package io.c2intents.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Which detector raised an alert. */
public enum Detector {
    /** The destination matches an indicator (IP/CIDR list or STIX 2.1 indicator). */
    @JsonProperty("indicator") INDICATOR,
    /** The destination is outside the workload's learned or configured egress baseline. */
    @JsonProperty("baseline") BASELINE,
    /** Contacts to the destination come at regular intervals. */
    @JsonProperty("beaconing") BEACONING
}
