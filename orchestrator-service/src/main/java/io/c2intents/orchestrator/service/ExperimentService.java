package io.c2intents.orchestrator.service;

import io.c2intents.events.SimulatorCommand;
import io.c2intents.events.SimulatorCommandType;
import io.c2intents.orchestrator.kafka.CommandPublisher;
import io.c2intents.orchestrator.rest.Accepted;
import io.c2intents.orchestrator.view.CommandView;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The experiment buttons: each sends a command to the attack simulator, which does the work. */
@ApplicationScoped
public class ExperimentService {

    private final CommandPublisher publisher;
    private final CommandView commands;
    private final ExperimentFollowUps followUps;
    private final ClusterService cluster;

    public ExperimentService(CommandPublisher publisher, CommandView commands, ExperimentFollowUps followUps,
            ClusterService cluster) {
        this.cluster = cluster;
        this.publisher = publisher;
        this.commands = commands;
        this.followUps = followUps;
    }

    /** Reset, then (once the reset is done) deploy. */
    public Uni<Accepted> setup(String namespace) {
        SimulatorCommand reset = command(SimulatorCommandType.RESET, namespace, null, null, null);
        SimulatorCommand deploy = command(SimulatorCommandType.DEPLOY, namespace, null, null, null);
        // validate both before anything is sent, so a bad namespace sends nothing
        io.c2intents.events.Contracts.SIMULATOR_COMMAND.write(deploy);
        // registered first: the reset's outcome may come back before the send's acknowledgement is handled
        followUps.after(reset.commandId(), deploy);
        return send(reset, deploy.commandId())
                .onFailure().invoke(f -> followUps.forget(reset.commandId(), "the reset could not be sent"))
                .replaceWith(new Accepted(deploy.commandId(), follow(deploy.commandId()),
                        List.of(reset.commandId(), deploy.commandId()),
                        "reset sent; deploy follows once the reset is done", List.of()));
    }

    public Uni<Accepted> simple(SimulatorCommandType type, String namespace) {
        return single(command(type, namespace, null, null, null));
    }

    /** A named pod must exist (404 otherwise); without a name the simulator picks a Running target pod. */
    public Uni<Accepted> infect(String namespace, String pod, String c2Address, String schedule) {
        SimulatorCommand command = command(SimulatorCommandType.INFECT, namespace, pod, c2Address, schedule);
        io.c2intents.events.Contracts.SIMULATOR_COMMAND.write(command);
        if (pod == null) {
            return single(command);
        }
        return cluster.requirePod(namespace, pod).chain(() -> single(command));
    }

    private Uni<Accepted> single(SimulatorCommand command) {
        return send(command, null).replaceWith(Accepted.of(command.commandId(), follow(command.commandId()),
                command.type().name().toLowerCase() + " sent to the attack simulator"));
    }

    private Uni<Void> send(SimulatorCommand command, String next) {
        // the contract check runs inside send(), before the view records anything
        return publisher.send(command).invoke(() -> commands.sent(command, next));
    }

    private static SimulatorCommand command(SimulatorCommandType type, String namespace, String pod,
            String c2Address, String schedule) {
        return new SimulatorCommand(SimulatorCommand.SCHEMA_VERSION, "cmd-" + UUID.randomUUID(), type, Instant.now(),
                namespace, pod, c2Address, schedule);
    }

    static String follow(String commandId) {
        return "/api/commands/" + commandId;
    }
}
