package io.c2intents.lab.datapath;

import io.c2intents.lab.cron.CronEntry;
import io.c2intents.lab.cron.VirtualCrond;
import io.c2intents.lab.pod.PodRuntime;
import io.c2intents.lab.pod.ProcessTable;
import io.fabric8.kubernetes.api.model.Container;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * What runs inside one pod: each container's command (from the pod's real spec: {@code sh -c "crond; while true; do
 * ping -c 1 8.8.8.8; sleep 5; done"} in the experiment), with its output in the pod log, and the crond it starts, whose
 * jobs' output is discarded unless redirected (busybox crond runs in the background with no terminal). Stops when the
 * pod goes; crond also stops when its process is killed ({@code pkill crond}).
 */
public final class PodPrograms {

    private static final Logger LOG = Logger.getLogger(PodPrograms.class);

    private final Datapath datapath;
    private final PodRuntime pod;
    private volatile boolean alive = true;
    private volatile VirtualCrond crond;
    private volatile int crondPid;

    PodPrograms(Datapath datapath, PodRuntime pod) {
        this.datapath = datapath;
        this.pod = pod;
        pod.processes().onKill(this::killed);
    }

    public PodRuntime pod() {
        return pod;
    }

    boolean alive() {
        return alive;
    }

    /** The pod's crond, when one runs. */
    public Optional<VirtualCrond> crond() {
        VirtualCrond current = crond;
        return current == null || current.stopped() ? Optional.empty() : Optional.of(current);
    }

    /** The crontab lines the pod's crond has loaded (empty when no crond runs). */
    public List<CronEntry> loadedCronEntries() {
        return crond().map(VirtualCrond::loadedEntries).orElse(List.of());
    }

    /** Starts every container's command; runs on the lab clock's thread. */
    void start() {
        if (!alive) {
            return;
        }
        List<Container> containers = pod.pod().getSpec() == null ? List.of() : pod.pod().getSpec().getContainers();
        for (Container container : containers) {
            List<String> argv = new ArrayList<>();
            if (container.getCommand() != null) {
                argv.addAll(container.getCommand());
            }
            if (container.getArgs() != null) {
                argv.addAll(container.getArgs());
            }
            if (argv.isEmpty()) {
                // an image's own entrypoint: alpine's is an interactive sh that, without a terminal, just waits
                continue;
            }
            ScriptRunner runner = new ScriptRunner(this, datapath);
            Output log = Output.podLog(pod.log(), datapath.clock());
            try {
                runner.runArgv(argv, new ScriptRunner.Io(log, log), code -> LOG.debugf(
                        "%s: container %s exited with %d", pod.key(), container.getName(), code));
            } catch (RuntimeException e) {
                LOG.warnf(e, "%s: container %s failed", pod.key(), container.getName());
            }
        }
    }

    /** Starts busybox crond (once: a second one would find the pid file and exit, as busybox does). */
    synchronized void startCrond() {
        if (!alive || crond().isPresent()) {
            return;
        }
        ProcessTable.Process process = pod.processes().spawn("crond");
        crondPid = process.pid();
        VirtualCrond started = new VirtualCrond(pod.fileSystem(), datapath.clock(), this::runJob);
        crond = started;
        started.start();
    }

    private void runJob(CronEntry entry, Runnable exited) {
        ScriptRunner runner = new ScriptRunner(this, datapath);
        runner.runScript(entry.command(), new ScriptRunner.Io(Output.NULL, Output.NULL), code -> exited.run());
    }

    private void killed(ProcessTable.Process process) {
        VirtualCrond current = crond;
        if (current != null && process.pid() == crondPid) {
            current.stop();
        }
    }

    /** The pod is gone: nothing more runs. */
    void stop() {
        alive = false;
        VirtualCrond current = crond;
        if (current != null) {
            current.stop();
        }
    }
}
