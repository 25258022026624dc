package io.c2intents.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What the attack simulator is asked to do. */
public enum SimulatorCommandType {
    /** Create the namespace, the benign and target Deployments and the default policy. */
    @JsonProperty("deploy") DEPLOY,
    /** Append the C2 cron entry inside one Running target pod (random or named). */
    @JsonProperty("infect") INFECT,
    /** Remove what the experiment created (policies and labels included) and uncordon nodes. */
    @JsonProperty("reset") RESET,
    /** Delete the experiment's workloads and policy. */
    @JsonProperty("undeploy") UNDEPLOY
}
