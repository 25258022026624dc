package io.c2intents.simulator.service;

import io.c2intents.events.SimulatorCommand;
import io.c2intents.events.SimulatorEvent;
import io.c2intents.events.SimulatorOutcome;
import io.c2intents.simulator.config.SimulatorConfig;
import io.c2intents.simulator.config.SimulatorSettingsCheck;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;

/**
 * Runs one command against the cluster and says how it ended. Blocking (Kubernetes calls, exec, waits): call it on a
 * worker thread.
 */
@ApplicationScoped
public class SimulatorService {

    private final ExperimentDeployer deployer;
    private final PodInfector infector;
    private final ExperimentResetter resetter;
    private final SimulatorConfig config;

    public SimulatorService(ExperimentDeployer deployer, PodInfector infector, ExperimentResetter resetter,
            SimulatorConfig config) {
        this.deployer = deployer;
        this.infector = infector;
        this.resetter = resetter;
        this.config = config;
    }

    /**
     * The outcome of {@code command}: done with details, or failed with the reason.
     *
     * @throws InvalidCommand when the command's values are refused (the caller rejects and dead-letters it)
     */
    public SimulatorEvent handle(SimulatorCommand command) {
        String namespace = command.namespace() == null ? config.namespace() : command.namespace();
        if (SimulatorSettingsCheck.isProtected(config, namespace)) {
            // before any call to the cluster: not even a read is made in a protected namespace
            throw new InvalidCommand("$.namespace: '" + namespace + "' is protected (simulator.protected-namespaces "
                    + config.protectedNamespaces() + "); the simulator never deploys, infects, resets or undeploys"
                    + " there; name the experiment's own namespace, e.g. " + config.namespace());
        }
        Log.infof("command %s: %s in %s", command.commandId(), command.type(), namespace);
        try {
            Outcome outcome = switch (command.type()) {
                case DEPLOY -> deployer.deploy(namespace);
                case INFECT -> infector.infect(namespace, command.pod(),
                        command.c2Address() == null ? config.c2Address() : command.c2Address(),
                        command.schedule() == null ? config.schedule() : command.schedule());
                case RESET -> resetter.reset(namespace);
                case UNDEPLOY -> deployer.undeploy(namespace);
            };
            return event(command, SimulatorOutcome.DONE, outcome.message(), outcome.details());
        } catch (InvalidCommand e) {
            throw e;
        } catch (CommandFailed e) {
            Log.warnf("command %s (%s) failed: %s", command.commandId(), command.type(), e.getMessage());
            return event(command, SimulatorOutcome.FAILED, e.getMessage(), Map.of("namespace", namespace));
        } catch (KubernetesClientException e) {
            // code 0 or -1: no HTTP answer at all (unreachable, TLS, timeout)
            String reason = e.getCode() > 0 ? "the Kubernetes API answered " + e.getCode() + ": " + e.getMessage()
                    : "the Kubernetes API could not be reached: " + e.getMessage() + " (" + rootCause(e) + ")";
            Log.warnf("command %s (%s) failed: %s", command.commandId(), command.type(), reason);
            return event(command, SimulatorOutcome.FAILED, reason, Map.of("namespace", namespace));
        } catch (RuntimeException e) {
            // a valid command still gets its one outcome, whatever broke underneath
            Log.errorf(e, "command %s (%s) broke", command.commandId(), command.type());
            return event(command, SimulatorOutcome.FAILED, command.type().name().toLowerCase() + " failed: " + e,
                    Map.of("namespace", namespace));
        }
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.toString();
    }

    private static SimulatorEvent event(SimulatorCommand command, SimulatorOutcome outcome, String message,
            Map<String, String> details) {
        return new SimulatorEvent(SimulatorEvent.SCHEMA_VERSION, command.commandId(), command.type(), outcome,
                Instant.now(), message, details);
    }
}
