package io.c2intents.orchestrator.view;

import io.c2intents.events.SimulatorCommand;
import io.c2intents.events.SimulatorEvent;
import io.c2intents.orchestrator.config.OrchestratorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Commands sent to the attack simulator and their outcomes (from {@code simulator-events}), bounded. */
@ApplicationScoped
public class CommandView {

    private final BoundedMap<String, CommandStatus> commands;

    public CommandView(OrchestratorConfig config) {
        this.commands = new BoundedMap<>(config.mitigationCapacity());
    }

    public synchronized void sent(SimulatorCommand command, String next) {
        CommandStatus known = commands.get(command.commandId());
        if (known != null && !CommandStatus.PENDING.equals(known.state())
                && !CommandStatus.WAITING.equals(known.state())) {
            return;
        }
        commands.write(command.commandId(), new CommandStatus(command.commandId(), command.type(),
                CommandStatus.PENDING, command.issuedAt(), null, null, Map.of(), next));
    }

    /** A command that is sent only once {@code after} is done. */
    public synchronized void waiting(SimulatorCommand command, String after) {
        commands.write(command.commandId(), new CommandStatus(command.commandId(), command.type(),
                CommandStatus.WAITING, null, null, "sent once " + after + " is done", Map.of(), null));
    }

    /** A waiting command that will not be sent. */
    public synchronized void cancelled(String commandId, String why) {
        CommandStatus known = commands.get(commandId);
        commands.write(commandId, new CommandStatus(commandId, known == null ? null : known.type(),
                CommandStatus.CANCELLED, null, null, why, Map.of(), null));
    }

    public synchronized void ended(SimulatorEvent event) {
        if (event.commandId() == null) {
            return;
        }
        CommandStatus known = commands.get(event.commandId());
        if (known != null && known.state().equals(CommandStatus.state(event.outcome()))
                && java.util.Objects.equals(known.endedAt(), event.at())) {
            return; // the same outcome read again: no change, and the list keeps its order
        }
        commands.write(event.commandId(), new CommandStatus(event.commandId(),
                event.type() != null ? event.type() : known == null ? null : known.type(),
                CommandStatus.state(event.outcome()), known == null ? null : known.issuedAt(), event.at(),
                event.message(), event.details(), known == null ? null : known.next()));
    }

    public synchronized Optional<CommandStatus> get(String commandId) {
        return Optional.ofNullable(commands.get(commandId));
    }

    /** Commands, most recent first. */
    public synchronized List<CommandStatus> list(int limit) {
        List<CommandStatus> result = new ArrayList<>(commands.values());
        Collections.reverse(result);
        return result.size() > limit ? result.subList(0, limit) : result;
    }
}
