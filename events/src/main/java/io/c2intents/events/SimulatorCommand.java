package io.c2intents.events;

import java.time.Instant;

/**
 * A command to the attack simulator, on {@code simulator-commands}, keyed by {@code commandId}.
 *
 * @param schemaVersion payload version
 * @param commandId unique id chosen by the sender; the outcome event carries it
 * @param type what to do
 * @param issuedAt when it was sent
 * @param namespace experiment namespace; the simulator's configured one when absent
 * @param pod for infect: the pod to infect; a random Running target pod when absent
 * @param c2Address for infect: the C2 IPv4 address; the configured one (1.1.1.1) when absent
 * @param schedule for infect: the 5-field cron schedule; {@code * * * * *} when absent
 */
public record SimulatorCommand(int schemaVersion, String commandId, SimulatorCommandType type, Instant issuedAt,
        String namespace, String pod, String c2Address, String schedule) {

    public static final int SCHEMA_VERSION = 1;
    public static final String CONTRACT = "simulator-command";

    public static SimulatorCommand of(String commandId, SimulatorCommandType type) {
        return new SimulatorCommand(SCHEMA_VERSION, commandId, type, Instant.now(), null, null, null, null);
    }
}
