package io.c2intents.mitigation.service;

import io.c2intents.events.MitigationEvent;
import io.c2intents.events.MitigationMode;
import io.c2intents.events.MitigationRequest;
import io.c2intents.events.MitigationRules;
import io.c2intents.events.MitigationStatus;
import io.c2intents.events.Target;
import io.c2intents.events.TouchedObject;
import io.c2intents.mitigation.action.ActionDescriptor;
import io.c2intents.mitigation.action.ActionFailed;
import io.c2intents.mitigation.action.ActionInput;
import io.c2intents.mitigation.action.ActionParameters;
import io.c2intents.mitigation.action.ActionRegistry;
import io.c2intents.mitigation.action.ActionResult;
import io.c2intents.mitigation.action.D3fendTechnique;
import io.c2intents.mitigation.action.GuardrailViolation;
import io.c2intents.mitigation.action.Guardrails;
import io.c2intents.mitigation.action.InvalidRequest;
import io.c2intents.mitigation.action.MitigationAction;
import io.c2intents.mitigation.action.Plan;
import io.c2intents.mitigation.action.PreconditionFailed;
import io.c2intents.mitigation.cluster.TransientApiErrors;
import io.c2intents.mitigation.config.MitigationConfig;
import io.c2intents.support.cluster.PodExec;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Turns one {@link MitigationRequest} into the {@link MitigationEvent} that answers it: resolves the action (by
 * address or D3FEND technique), checks the parameters against its declaration and the guardrails, then plans
 * (dry-run: PLANNED, never touching the Kubernetes API), applies or reverts. Cluster work runs on a worker thread;
 * transient API failures are retried with bounded exponential backoff, then answered FAILED with the reason.
 *
 * <p>Work on one action and target is serialised (striped locks), so two copies of a request arriving together
 * still give one quarantine: the second finds it in place and is answered SKIPPED.
 */
@ApplicationScoped
public class ActionExecutor {

    private static final int LOCK_STRIPES = 64;

    private final ActionRegistry registry;
    private final Guardrails guardrails;
    private final AppliedActions applied;
    private final MitigationConfig config;
    private final MeterRegistry meters;
    private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];

    public ActionExecutor(ActionRegistry registry, Guardrails guardrails, AppliedActions applied,
            MitigationConfig config, MeterRegistry meters) {
        this.registry = registry;
        this.guardrails = guardrails;
        this.applied = applied;
        this.config = config;
        this.meters = meters;
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** Answers a request. The Uni never fails: every failure becomes a FAILED or REJECTED event. */
    public Uni<Outcome> execute(MitigationRequest request) {
        Instant started = Instant.now();
        Resolved resolved;
        try {
            resolved = resolve(request);
        } catch (InvalidRequest e) {
            return Uni.createFrom().item(rejected(request, e.getMessage(), started, true));
        } catch (GuardrailViolation e) {
            return Uni.createFrom().item(rejected(request, "guardrail: " + e.getMessage(), started, false));
        }
        if (request.mode() == MitigationMode.DRY_RUN) {
            return Uni.createFrom().item(() -> planned(resolved, started));
        }
        AtomicInteger attempts = new AtomicInteger();
        return Uni.createFrom().item(() -> {
            attempts.incrementAndGet();
            return locked(resolved, () -> request.mode() == MitigationMode.REVERT
                    ? resolved.action().revert(resolved.input())
                    : resolved.action().apply(resolved.input()));
        })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onFailure(TransientApiErrors::isTransient).invoke(e -> Log.warnf("%s on %s: attempt %d failed: %s",
                        resolved.action().address(), resolved.input().targetText(), attempts.get(),
                        TransientApiErrors.describe(e)))
                .onFailure(TransientApiErrors::isTransient).retry()
                .withBackOff(config.retry().initialBackoff(), config.retry().maxBackoff())
                .atMost(Math.max(0, config.retry().attempts() - 1))
                .onItemOrFailure().transform((result, failure) -> failure == null
                        ? done(resolved, result, started)
                        : failed(resolved, failure, attempts.get(), started))
                .onFailure().recoverWithItem(e -> failed(resolved, e, attempts.get(), started));
    }

    /** The request made concrete: its action, target and checked parameters. */
    private record Resolved(MitigationRequest request, MitigationAction action, ActionInput input) {
    }

    private Resolved resolve(MitigationRequest request) {
        if (request.mode() == MitigationMode.APPROVE) {
            throw new InvalidRequest("approve: no planned step waits for approval under reference '"
                    + request.reference() + "'");
        }
        String address = request.action();
        String technique = request.technique();
        Target target = request.target();
        Map<String, String> parameters = request.parameters();
        if (request.mode() == MitigationMode.REVERT && address == null && technique == null) {
            if (request.reference() == null) {
                throw new InvalidRequest("revert needs an action (or technique) with its target, or the reference"
                        + " (request id) of the apply");
            }
            AppliedActions.Applied known = applied.find(request.reference()).orElseThrow(() -> new InvalidRequest(
                    "revert: no applied action is known under reference '" + request.reference()
                            + "'; give the action and the target"));
            address = known.action();
            target = target == null ? known.target() : target;
            parameters = parameters.isEmpty() ? known.parameters() : parameters;
        }
        MitigationAction action = registry.resolve(address, technique);
        ActionDescriptor descriptor = action.descriptor();
        if (target == null) {
            throw new InvalidRequest(descriptor.address() + " needs a target");
        }
        MitigationRules.targetProblem(MitigationRules.require(descriptor.address()), target.kind())
                .ifPresent(problem -> {
                    throw new InvalidRequest(problem);
                });
        if (request.mode() == MitigationMode.REVERT && !descriptor.revertible()) {
            throw new InvalidRequest(descriptor.address() + " (" + descriptor.technique().id()
                    + ") cannot be reverted");
        }
        ActionInput input = new ActionInput(request, target,
                ActionParameters.validate(descriptor.address(), descriptor.parameters(), parameters));
        action.validate(input);
        guardrails.checkRequest(input);
        return new Resolved(request, action, input);
    }

    private ActionResult locked(Resolved resolved, Supplier<ActionResult> work) {
        Target t = resolved.input().target();
        String key = resolved.action().address() + "|" + t.kind() + "|" + t.namespace() + "|" + t.name();
        ReentrantLock lock = locks[Math.floorMod(key.hashCode(), LOCK_STRIPES)];
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    private Outcome planned(Resolved resolved, Instant started) {
        Plan plan = resolved.action().plan(resolved.input());
        return new Outcome(event(resolved.request(), MitigationStatus.PLANNED, resolved.action().descriptor(),
                resolved.input().target(), plan.objects(), "dry-run: " + plan.summary(), true, started), null);
    }

    private Outcome done(Resolved resolved, ActionResult result, Instant started) {
        MitigationRequest request = resolved.request();
        if (request.mode() == MitigationMode.APPLY && result.status() != MitigationStatus.FAILED) {
            applied.record(request.requestId(), new AppliedActions.Applied(resolved.action().address(),
                    resolved.input().target(), request.parameters()));
        }
        return new Outcome(event(request, result.status(), resolved.action().descriptor(), resolved.input().target(),
                result.objects(), result.reason(), false, started), null);
    }

    private Outcome failed(Resolved resolved, Throwable failure, int attempts, Instant started) {
        ActionDescriptor descriptor = resolved.action().descriptor();
        String verb = resolved.request().mode() == MitigationMode.REVERT ? "revert" : "apply";
        if (failure instanceof GuardrailViolation g) {
            return new Outcome(event(resolved.request(), MitigationStatus.REJECTED, descriptor,
                    resolved.input().target(), List.of(), "guardrail: " + g.getMessage(), false, started), null);
        }
        if (failure instanceof InvalidRequest invalid) {
            return new Outcome(event(resolved.request(), MitigationStatus.REJECTED, descriptor,
                    resolved.input().target(), List.of(), invalid.getMessage(), false, started), invalid.getMessage());
        }
        String reason;
        if (failure instanceof PreconditionFailed) {
            reason = "precondition not met: " + failure.getMessage();
        } else if (failure instanceof ActionFailed || failure instanceof PodExec.ExecFailed) {
            reason = failure.getMessage();
        } else if (TransientApiErrors.isTransient(failure)) {
            reason = "Kubernetes API unavailable after " + attempts + " attempt" + (attempts == 1 ? "" : "s") + ": "
                    + TransientApiErrors.describe(failure);
        } else {
            reason = "Kubernetes API refused the " + verb + ": " + TransientApiErrors.describe(failure);
        }
        Log.warnf("%s %s on %s failed: %s", descriptor.address(), verb, resolved.input().targetText(), reason);
        return new Outcome(event(resolved.request(), MitigationStatus.FAILED, descriptor, resolved.input().target(),
                List.of(), descriptor.address() + " " + verb + " failed: " + reason, false, started), null);
    }

    private Outcome rejected(MitigationRequest request, String reason, Instant started, boolean deadLetter) {
        ActionDescriptor descriptor = registry.find(request.action()).map(MitigationAction::descriptor)
                .orElse(null);
        MitigationEvent event = descriptor != null
                ? event(request, MitigationStatus.REJECTED, descriptor, request.target(), List.of(), reason, false,
                        started)
                : new MitigationEvent(MitigationEvent.SCHEMA_VERSION, eventId(), request.requestId(),
                        request.incidentId(), MitigationStatus.REJECTED, request.action(), request.technique(),
                        D3fendTechnique.byId(request.technique()).map(D3fendTechnique::displayName).orElse(null),
                        request.target(), List.of(), reason, null, request.mode() == MitigationMode.DRY_RUN,
                        Instant.now(), started, elapsed(started));
        count(event);
        Log.infof("rejected request %s: %s", request.requestId(), reason);
        return new Outcome(event, deadLetter ? reason : null);
    }

    private MitigationEvent event(MitigationRequest request, MitigationStatus status, ActionDescriptor descriptor,
            Target target, List<TouchedObject> objects, String reason, boolean dryRun, Instant started) {
        MitigationEvent event = new MitigationEvent(MitigationEvent.SCHEMA_VERSION, eventId(), request.requestId(),
                request.incidentId(), status, descriptor.address(), descriptor.technique().id(),
                descriptor.technique().displayName(), target, objects, reason, null, dryRun, Instant.now(), started,
                elapsed(started));
        count(event);
        return event;
    }

    private void count(MitigationEvent event) {
        // unknown addresses come from outside: never let them become tag values
        String action = event.action() != null && registry.find(event.action()).isPresent() ? event.action()
                : "unknown";
        meters.counter("mitigation.outcomes", "action", action,
                "status", event.status().name().toLowerCase(Locale.ROOT)).increment();
    }

    private static long elapsed(Instant started) {
        return Math.max(0, Duration.between(started, Instant.now()).toMillis());
    }

    private static String eventId() {
        return "evt-" + UUID.randomUUID();
    }
}
