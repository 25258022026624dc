package io.c2intents.mitigation.action.pod;

import io.c2intents.events.MitigationMode;
import io.c2intents.events.MitigationRequest;
import io.c2intents.events.MitigationRules;
import io.c2intents.events.Target;
import io.c2intents.events.TouchedObject;
import io.c2intents.mitigation.action.ActionDescriptor;
import io.c2intents.mitigation.action.ActionFailed;
import io.c2intents.mitigation.action.ActionInput;
import io.c2intents.mitigation.action.ActionResult;
import io.c2intents.mitigation.action.Cost;
import io.c2intents.mitigation.action.D3fendTechnique;
import io.c2intents.mitigation.action.Guardrails;
import io.c2intents.mitigation.action.InvalidRequest;
import io.c2intents.mitigation.action.MitigationAction;
import io.c2intents.mitigation.action.Plan;
import io.c2intents.mitigation.action.PreconditionFailed;
import io.c2intents.mitigation.action.RbacRule;
import io.c2intents.mitigation.cluster.Yaml;
import io.c2intents.support.cluster.PodExec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code pod:evict-file} (D3-FEV, File Eviction): removes the crontab entries that reach the C2 address from
 * {@code /etc/crontabs/root} inside the pod (or the whole file), and tells busybox crond through
 * {@code /etc/crontabs/cron.update}. Every step is an exec with an argument array; the only program text built from
 * a request is the sed address, made of a checked IPv4 address with its dots escaped. The entries to remove are
 * worked out in Java from the file as read, and the file is read back afterwards to confirm none is left.
 */
@ApplicationScoped
public class EvictFileAction implements MitigationAction {

    public static final String ADDRESS = "pod:evict-file";
    public static final String SCOPE = "scope";
    public static final String CONTAINER = "container";
    public static final String CRONTAB = "/etc/crontabs/root";
    public static final String CRON_UPDATE = "/etc/crontabs/cron.update";

    static final String ENTRIES = "entries";
    static final String FILE = "file";

    /** Busybox crond re-reads the crontabs named in this file within the minute; a constant script, no input. */
    static final List<String> NOTIFY_CROND = List.of("sh", "-c", "echo root >> " + CRON_UPDATE);
    static final List<String> READ = List.of("cat", CRONTAB);
    static final List<String> REMOVE = List.of("rm", "-f", CRONTAB);
    /** Runs of one command whose answer was lost, in all (see {@link PodExec#runIdempotent}). */
    static final int EXEC_ATTEMPTS = 3;

    private static final ActionDescriptor DESCRIPTOR = new ActionDescriptor(
            ADDRESS,
            D3fendTechnique.FILE_EVICTION,
            "Removes the crontab entries that reach the C2 address from " + CRONTAB + " inside the pod (or the whole"
                    + " file), writes root into " + CRON_UPDATE + " so busybox crond reloads it, and reads the file"
                    + " back to confirm.",
            MitigationRules.require(ADDRESS).targets(),
            MitigationRules.require(ADDRESS).parameters(),
            List.of("the target pod exists and is Running", "the container exists",
                    "scope entries: the C2 address is known (parameter c2Address or the request's alert)"),
            List.of(RbacRule.of("", "pods", "get"),
                    // exec opens with a GET upgraded to a WebSocket; newer API servers check 'create'
                    RbacRule.of("", "pods/exec", "get", "create")),
            null,
            List.of("T1053.003", "T1095"),
            new Cost(Cost.AvailabilityImpact.NONE, Cost.Reversibility.IRREVERSIBLE),
            new MitigationRequest(MitigationRequest.SCHEMA_VERSION, "req-evict-example", MitigationMode.APPLY,
                    ADDRESS, null, Target.pod("c2-lab", "target-7c9d8f6b5-x2k4q"),
                    Map.of(ActionInput.C2_ADDRESS, "1.1.1.1"), "inc-example", null, null, "admin-page",
                    Instant.parse("2026-03-14T09:22:00Z")));

    private final KubernetesClient client;
    private final PodExec exec;
    private final Guardrails guardrails;

    public EvictFileAction(KubernetesClient client, PodExec exec, Guardrails guardrails) {
        this.client = client;
        this.exec = exec;
        this.guardrails = guardrails;
    }

    @Override
    public ActionDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public void validate(ActionInput input) {
        if (ENTRIES.equals(input.parameters().require(SCOPE)) && input.c2Address().isEmpty()) {
            throw new InvalidRequest("invalid parameters for " + ADDRESS + ": scope entries needs the C2 address"
                    + " (parameter c2Address, or an alert whose destination is an IPv4 address)");
        }
    }

    @Override
    public Plan plan(ActionInput input) {
        String container = input.parameters().get(CONTAINER).orElse("(first container)");
        List<List<String>> commands = commands(input);
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("container", container);
        shown.put("file", CRONTAB);
        shown.put("exec", commands);
        String what = wholeFile(input) ? "remove " + CRONTAB
                : "remove the entries of " + CRONTAB + " that reach " + input.c2Address().orElseThrow();
        return new Plan(List.of(new TouchedObject("Pod", input.target().namespace(), input.target().name(), "exec",
                Yaml.of(shown))), "would " + what + " in " + input.targetText() + " and notify crond through "
                        + CRON_UPDATE);
    }

    @Override
    public ActionResult apply(ActionInput input) {
        Target target = input.target();
        Pod pod = client.pods().inNamespace(target.namespace()).withName(target.name()).get();
        if (pod == null) {
            throw new PreconditionFailed(input.targetText() + " not found");
        }
        guardrails.checkObject(pod);
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if (!"Running".equals(phase)) {
            throw new PreconditionFailed(input.targetText() + " is " + (phase == null ? "not running" : phase)
                    + ": exec needs a Running pod");
        }
        String container = container(input, pod);

        List<List<String>> ran = new ArrayList<>();
        ran.add(READ);
        PodExec.Result read = run(target, container, READ);
        if (!read.succeeded()) {
            if (missing(read)) {
                return ActionResult.skipped("already applied: " + input.targetText() + " has no " + CRONTAB);
            }
            throw new ActionFailed("cannot read " + CRONTAB + " in " + input.targetText() + ": "
                    + read.stderr().strip());
        }
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("container", container);
        shown.put("file", CRONTAB);

        if (wholeFile(input)) {
            ran.add(REMOVE);
            check(target, container, REMOVE, "remove " + CRONTAB);
            ran.add(NOTIFY_CROND);
            check(target, container, NOTIFY_CROND, "write " + CRON_UPDATE);
            ran.add(READ);
            PodExec.Result after = run(target, container, READ);
            if (after.succeeded() || !missing(after)) {
                throw new ActionFailed(CRONTAB + " is still there in " + input.targetText() + " after rm");
            }
            shown.put("removedEntries", CrontabCleaner.lines(read.stdout()));
            shown.put("exec", ran);
            return ActionResult.applied(CRONTAB + " removed from " + input.targetText() + " ("
                    + CrontabCleaner.lines(read.stdout()).size() + " lines); crond notified",
                    List.of(new TouchedObject("Pod", target.namespace(), target.name(), "exec", Yaml.of(shown))));
        }

        String c2 = input.c2Address().orElseThrow();
        CrontabCleaner.Cleaned cleaned = CrontabCleaner.withoutEntriesReaching(read.stdout(), c2);
        if (!cleaned.changed()) {
            return ActionResult.skipped("already applied: no entry of " + CRONTAB + " in " + input.targetText()
                    + " reaches " + c2);
        }
        List<String> sed = List.of("sed", "-E", "-i", CrontabCleaner.sedProgram(c2), CRONTAB);
        ran.add(sed);
        check(target, container, sed, "clean " + CRONTAB);
        ran.add(NOTIFY_CROND);
        check(target, container, NOTIFY_CROND, "write " + CRON_UPDATE);
        ran.add(READ);
        PodExec.Result after = run(target, container, READ);
        if (!after.succeeded()) {
            throw new ActionFailed("cannot read " + CRONTAB + " back in " + input.targetText() + ": "
                    + after.stderr().strip());
        }
        List<String> left = CrontabCleaner.entriesReaching(after.stdout(), c2);
        if (!left.isEmpty()) {
            throw new ActionFailed(CRONTAB + " in " + input.targetText() + " still has " + left.size()
                    + " entries reaching " + c2 + " after sed");
        }
        shown.put("removedEntries", cleaned.removed());
        shown.put("crontabAfter", after.stdout());
        shown.put("exec", ran);
        return ActionResult.applied("removed " + cleaned.removed().size() + " crontab entr"
                + (cleaned.removed().size() == 1 ? "y" : "ies") + " reaching " + c2 + " from " + CRONTAB + " in "
                + input.targetText() + "; crond notified, file read back clean",
                List.of(new TouchedObject("Pod", target.namespace(), target.name(), "exec", Yaml.of(shown))));
    }

    @Override
    public ActionResult revert(ActionInput input) {
        throw new InvalidRequest(ADDRESS + " cannot be reverted: the removed entries reached a C2 address and are"
                + " not put back");
    }

    private static boolean wholeFile(ActionInput input) {
        return FILE.equals(input.parameters().require(SCOPE));
    }

    private static List<List<String>> commands(ActionInput input) {
        List<List<String>> commands = new ArrayList<>();
        commands.add(READ);
        commands.add(wholeFile(input) ? REMOVE
                : List.of("sed", "-E", "-i", CrontabCleaner.sedProgram(input.c2Address().orElseThrow()), CRONTAB));
        commands.add(NOTIFY_CROND);
        commands.add(READ);
        return commands;
    }

    private static String container(ActionInput input, Pod pod) {
        List<Container> containers = pod.getSpec() == null ? List.of() : pod.getSpec().getContainers();
        var named = input.parameters().get(CONTAINER);
        if (named.isPresent()) {
            return containers.stream().map(Container::getName).filter(named.get()::equals).findFirst()
                    .orElseThrow(() -> new PreconditionFailed(input.targetText() + " has no container "
                            + named.get()));
        }
        if (containers.isEmpty()) {
            throw new PreconditionFailed(input.targetText() + " has no container");
        }
        return containers.get(0).getName();
    }

    // every command here may run twice (cat; sed deleting the matching lines; rm -f; echo >> cron.update), so an exec
    // whose answer was lost is run again instead of failing the eviction
    private PodExec.Result run(Target target, String container, List<String> argv) {
        return exec.runIdempotent(target.namespace(), target.name(), container, argv, EXEC_ATTEMPTS);
    }

    private void check(Target target, String container, List<String> argv, String what) {
        PodExec.Result result = run(target, container, argv);
        if (!result.succeeded()) {
            throw new ActionFailed("cannot " + what + " in pod " + target.namespace() + "/" + target.name()
                    + " (exit " + result.exitCode() + "): " + result.stderr().strip());
        }
    }

    private static boolean missing(PodExec.Result result) {
        return result.stderr().contains("No such file");
    }
}
