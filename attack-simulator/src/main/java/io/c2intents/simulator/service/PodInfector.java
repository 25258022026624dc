package io.c2intents.simulator.service;

import static io.c2intents.simulator.cluster.ExperimentLabels.EXPERIMENT;
import static io.c2intents.simulator.cluster.ExperimentLabels.PART_OF;
import static io.c2intents.simulator.cluster.ExperimentLabels.ROLE;
import static io.c2intents.simulator.cluster.ExperimentLabels.TARGET;

import io.c2intents.support.cluster.PodExec;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The attacker: appends a C2 cron entry to {@code /etc/crontabs/root} inside one Running target pod, through exec,
 * and writes {@code root} into {@code /etc/crontabs/cron.update} so busybox crond reloads it within the minute
 * (appending alone changes neither the directory's mtime nor anything crond watches). Blocking.
 *
 * <p>The one shell line it runs is built only from an IPv4 address and a cron schedule that both passed the strict
 * patterns below, so no other character can reach the shell; everything else is an argument array.
 */
@ApplicationScoped
public class PodInfector {

    public static final String CRONTAB = "/etc/crontabs/root";
    public static final String CRON_UPDATE = "/etc/crontabs/cron.update";

    private static final Pattern IPV4 =
            Pattern.compile("^((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\z");
    private static final Pattern SCHEDULE = Pattern.compile("^[0-9*,/-]+( [0-9*,/-]+){4}\\z");

    private final KubernetesClient client;
    private final PodExec exec;

    public PodInfector(KubernetesClient client, PodExec exec) {
        this.client = client;
        this.exec = exec;
    }

    /** The crontab line of an infection; also what reveals one. */
    public static String cronLine(String c2Address, String schedule) {
        if (c2Address == null || !IPV4.matcher(c2Address).matches()) {
            throw new InvalidCommand("$.c2Address: '" + c2Address + "' is not a dotted IPv4 address");
        }
        if (schedule == null || !SCHEDULE.matcher(schedule).matches()) {
            throw new InvalidCommand("$.schedule: '" + schedule + "' is not five cron fields of digits, * , - and /");
        }
        return schedule + " ping " + c2Address + " -c5 >> /var/log/cron.log 2>&1";
    }

    /**
     * Infects {@code podName}, or a random Running target pod when it is null.
     *
     * @throws InvalidCommand when the address or schedule is not acceptable
     * @throws CommandFailed when there is no pod to infect or the exec does not do its job
     */
    public Outcome infect(String namespace, String podName, String c2Address, String schedule) {
        String line = cronLine(c2Address, schedule);
        Pod pod = podName == null ? randomTarget(namespace) : named(namespace, podName);
        String name = pod.getMetadata().getName();
        String container = pod.getSpec().getContainers().get(0).getName();

        Map<String, String> details = new LinkedHashMap<>();
        details.put("namespace", namespace);
        details.put("pod", name);
        details.put("node", pod.getSpec().getNodeName());
        details.put("c2Address", c2Address);
        details.put("schedule", schedule);
        details.put("crontab", CRONTAB);

        if (crontabHolds(namespace, name, container, line)) {
            details.put("alreadyInfected", "true");
            details.put("time", Instant.now().toString());
            return new Outcome(namespace + "/" + name + " is already infected: its crontab already pings " + c2Address
                    + " on schedule '" + schedule + "'; nothing changed", details);
        }

        String script = "echo '" + line + "' >> " + CRONTAB + " && echo root >> " + CRON_UPDATE;
        PodExec.Result appended = run(namespace, name, container, List.of("sh", "-c", script));
        if (!appended.succeeded()) {
            throw new CommandFailed("cannot append to " + CRONTAB + " in " + namespace + "/" + name + " (exit "
                    + appended.exitCode() + "): " + appended.stderr().strip());
        }
        if (!crontabHolds(namespace, name, container, line)) {
            throw new CommandFailed("the exec into " + namespace + "/" + name + " succeeded but " + CRONTAB
                    + " does not hold the entry");
        }
        Instant at = Instant.now();
        Log.infof("infected %s/%s on node %s: '%s'", namespace, name, pod.getSpec().getNodeName(), line);
        details.put("alreadyInfected", "false");
        details.put("time", at.toString());
        return new Outcome("infected " + namespace + "/" + name + ": its crond pings " + c2Address + " on schedule '"
                + schedule + "'", details);
    }

    private boolean crontabHolds(String namespace, String pod, String container, String line) {
        PodExec.Result crontab = run(namespace, pod, container, List.of("cat", CRONTAB));
        if (!crontab.succeeded()) {
            // no crontab yet is a clean pod; the append below creates the file
            Log.debugf("cat %s in %s/%s: exit %d %s", CRONTAB, namespace, pod, crontab.exitCode(), crontab.stderr());
            return false;
        }
        return crontab.stdout().lines().map(String::strip).anyMatch(line::equals);
    }

    private Pod randomTarget(String namespace) {
        List<Pod> candidates = client.pods().inNamespace(namespace).withLabel(PART_OF, EXPERIMENT)
                .withLabel(ROLE, TARGET).list().getItems().stream()
                .filter(PodInfector::runningAndStaying).toList();
        if (candidates.isEmpty()) {
            throw new CommandFailed("no Running target pod in " + namespace + " to infect (deploy first)");
        }
        return candidates.get(ThreadLocalRandom.current().nextInt(candidates.size()));
    }

    private Pod named(String namespace, String podName) {
        Pod pod = client.pods().inNamespace(namespace).withName(podName).get();
        if (pod == null) {
            throw new CommandFailed("pod " + namespace + "/" + podName + " does not exist");
        }
        if (!ExperimentDeployer.isOwn(pod)) {
            throw new CommandFailed("pod " + namespace + "/" + podName + " is not one of the experiment's pods ("
                    + PART_OF + "=" + EXPERIMENT + "); the simulator infects only those");
        }
        if (!runningAndStaying(pod)) {
            throw new CommandFailed("pod " + namespace + "/" + podName + " is not Running or is terminating");
        }
        return pod;
    }

    private static boolean runningAndStaying(Pod pod) {
        return ExperimentDeployer.isRunning(pod) && pod.getMetadata().getDeletionTimestamp() == null;
    }

    /** An exec that did not complete fails the command with its reason. */
    private PodExec.Result run(String namespace, String pod, String container, List<String> argv) {
        try {
            return exec.run(namespace, pod, container, argv);
        } catch (PodExec.ExecFailed e) {
            throw new CommandFailed(e.getMessage(), e);
        }
    }

}
