package io.c2intents.orchestrator.view;

import io.c2intents.events.SimulatorCommandType;
import io.c2intents.events.SimulatorOutcome;
import java.time.Instant;
import java.util.Map;

/**
 * What is known of one command to the attack simulator.
 *
 * @param commandId the command's id
 * @param type deploy, infect, reset or undeploy
 * @param state {@code waiting} (for the command before it), {@code pending} until its outcome arrives, then
 *        {@code done}, {@code rejected} or {@code failed}; {@code cancelled} when the command before it failed
 * @param issuedAt when it was sent (null when only its outcome is known, e.g. after a restart)
 * @param endedAt when the simulator finished it
 * @param message what happened, in plain words
 * @param details facts about the outcome (pod, node, ...)
 * @param next the command sent after this one succeeded, for a setup (reset, then deploy)
 */
public record CommandStatus(String commandId, SimulatorCommandType type, String state, Instant issuedAt,
        Instant endedAt, String message, Map<String, String> details, String next) {

    public static final String PENDING = "pending";
    public static final String WAITING = "waiting";
    public static final String CANCELLED = "cancelled";

    static String state(SimulatorOutcome outcome) {
        return outcome == null ? PENDING : outcome.name().toLowerCase();
    }
}
