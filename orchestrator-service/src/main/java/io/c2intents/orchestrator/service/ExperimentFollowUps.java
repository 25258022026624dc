package io.c2intents.orchestrator.service;

import io.c2intents.events.SimulatorCommand;
import io.c2intents.events.SimulatorEvent;
import io.c2intents.events.SimulatorOutcome;
import io.c2intents.orchestrator.kafka.CommandPublisher;
import io.c2intents.orchestrator.view.CommandView;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Commands that must wait for another one: a setup is a reset, then a deploy. Simulator commands are keyed by
 * command id, so two sent at once may land on different partitions and run in any order; the deploy therefore
 * goes out only when the reset's outcome says done. Follow-ups live in memory: a restart forgets them (the
 * reset's outcome still shows).
 */
@ApplicationScoped
public class ExperimentFollowUps {

    private static final int MAX_WAITING = 1000;

    private final CommandPublisher publisher;
    private final CommandView commands;
    private final Map<String, SimulatorCommand> waiting = new LinkedHashMap<>();

    public ExperimentFollowUps(CommandPublisher publisher, CommandView commands) {
        this.publisher = publisher;
        this.commands = commands;
    }

    /** Sends {@code next} once {@code afterId} is done. */
    public synchronized void after(String afterId, SimulatorCommand next) {
        if (waiting.size() >= MAX_WAITING) {
            String oldest = waiting.keySet().iterator().next();
            SimulatorCommand dropped = waiting.remove(oldest);
            commands.cancelled(dropped.commandId(), "too many commands waiting; " + oldest + " never answered");
        }
        waiting.put(afterId, next);
        commands.waiting(next, afterId);
    }

    /** Drops the follow-up of a command that was never sent. */
    public void forget(String afterId, String why) {
        SimulatorCommand next;
        synchronized (this) {
            next = waiting.remove(afterId);
        }
        if (next != null) {
            commands.cancelled(next.commandId(), why);
        }
    }

    /** Called for every simulator outcome. */
    public void onOutcome(SimulatorEvent event) {
        SimulatorCommand next;
        synchronized (this) {
            next = event.commandId() == null ? null : waiting.remove(event.commandId());
        }
        if (next == null) {
            return;
        }
        if (event.outcome() != SimulatorOutcome.DONE) {
            commands.cancelled(next.commandId(), event.commandId() + " ended " + event.outcome().name().toLowerCase()
                    + ": " + event.message());
            return;
        }
        SimulatorCommand now = new SimulatorCommand(next.schemaVersion(), next.commandId(), next.type(), Instant.now(),
                next.namespace(), next.pod(), next.c2Address(), next.schedule());
        commands.sent(now, null);
        publisher.send(now).subscribe().with(
                ok -> { },
                failure -> {
                    Log.errorf(failure, "could not send %s after %s", now.commandId(), event.commandId());
                    commands.cancelled(now.commandId(), "could not be sent: " + failure.getMessage());
                });
    }
}
