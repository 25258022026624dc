package io.c2intents.events;

import java.time.Instant;
import java.util.Map;

/**
 * The single outcome of a simulator command, on {@code simulator-events}, keyed by the command id.
 *
 * @param schemaVersion payload version
 * @param commandId the command this answers (may be null when the command could not be read at all)
 * @param type the command's type, when known
 * @param outcome done, rejected or failed
 * @param at when it ended
 * @param message what happened or why not, in plain words
 * @param details facts about the outcome, e.g. {@code pod}, {@code node}, {@code c2Address}, {@code pods}
 */
public record SimulatorEvent(int schemaVersion, String commandId, SimulatorCommandType type, SimulatorOutcome outcome,
        Instant at, String message, Map<String, String> details) {

    public static final int SCHEMA_VERSION = 1;
    public static final String CONTRACT = "simulator-event";

    public SimulatorEvent {
        details = details == null ? Map.of() : Map.copyOf(details);
    }
}
