package io.c2intents.mitigation.incident;

import io.c2intents.events.C2Alert;
import io.c2intents.events.IntentMode;
import io.c2intents.events.MitigationEvent;
import io.c2intents.events.MitigationMode;
import io.c2intents.events.MitigationRequest;
import io.c2intents.events.MitigationStatus;
import io.c2intents.events.OperatorRelease;
import io.c2intents.events.SecurityIntent;
import io.c2intents.events.TouchedObject;
import io.c2intents.mitigation.config.MitigationConfig;
import io.c2intents.mitigation.intent.ActionRateLimiter;
import io.c2intents.mitigation.intent.IntentCatalogue;
import io.c2intents.mitigation.kafka.MitigationEventPublisher;
import io.c2intents.mitigation.planner.IncidentPlan;
import io.c2intents.mitigation.planner.NoPlan;
import io.c2intents.mitigation.planner.Planner;
import io.c2intents.mitigation.planner.TechniqueOption;
import io.c2intents.mitigation.service.ActionExecutor;
import io.c2intents.mitigation.service.Outcome;
import io.c2intents.mitigation.verify.FlowClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Carries incidents through their plan: plan, contain, eradicate, verify (driven by flows, see
 * {@link io.c2intents.mitigation.verify.FlowVerifier}), escalate when C2 comes back, lift the containment, and put a
 * deleted containment back. Actions run through the part-1 {@link ActionExecutor} (registry, guardrails, retries);
 * each outcome is published to {@code mitigation-events}, keyed by the pod, before the incident moves on, so the
 * topic always holds what was done and a restart resumes after the last step written, never repeating one. A person's
 * revert request for the quarantine an open incident holds runs here too ({@link #release}), and closes it.
 *
 * <p>One runner at a time per incident ({@link Incident#claim()}): whoever finds the incident busy leaves a note
 * and the running loop looks again, so the steps of one incident are written in order.
 */
@ApplicationScoped
public class IncidentRunner {

    private final ActionExecutor executor;
    private final MitigationEventPublisher publisher;
    private final IncidentRegistry registry;
    private final IntentCatalogue catalogue;
    private final Planner planner;
    private final ActionRateLimiter limiter;
    private final FlowClock clock;
    private final Duration grace;
    private final MeterRegistry meters;

    public IncidentRunner(ActionExecutor executor, MitigationEventPublisher publisher, IncidentRegistry registry,
            IntentCatalogue catalogue, Planner planner, ActionRateLimiter limiter, FlowClock clock,
            MitigationConfig config, MeterRegistry meters) {
        this.executor = executor;
        this.publisher = publisher;
        this.registry = registry;
        this.catalogue = catalogue;
        this.planner = planner;
        this.limiter = limiter;
        this.clock = clock;
        this.grace = config.intents().eradicationGrace();
        this.meters = meters;
    }

    /**
     * Answers one alert: joins the pod's open incident, or plans a new one and runs its first steps. Completes once
     * every event the alert caused is written, which is when its offset may be committed.
     */
    public Uni<Void> onAlert(C2Alert alert) {
        Instant received = Instant.now();
        Incident latest = registry.latest(alert.pod().key()).orElse(null);
        if (latest != null && latest.open()) {
            return join(latest, alert);
        }
        if (latest != null && !newInfection(latest, alert)) {
            // a late alert about traffic the closed incident already handled; said once per alert and incident (a
            // dry-run's own alert coming again is not late, and its plan already answered it)
            if (latest.phase() == Phase.DRY_RUN || !registry.firstAnswer(alert.id() + "|late|" + latest.id())) {
                return Uni.createFrom().voidItem();
            }
            return answer(alert, MitigationStatus.SKIPPED, latest.intentName(), "late alert: its newest flow ("
                    + alert.lastSeen() + ") is not after incident " + latest.id() + " of " + latest.podKey()
                    + " closed (" + latest.phase().name().toLowerCase(Locale.ROOT) + ") at " + latest.closedAtFlowTime()
                    + " (flow time); that incident already handled this traffic, so no new incident is opened",
                    received);
        }
        SecurityIntent intent = catalogue.match(alert).orElse(null);
        if (intent == null) {
            if (!registry.firstAnswer(alert.id())) {
                return Uni.createFrom().voidItem();
            }
            return answer(alert, MitigationStatus.SKIPPED, null, catalogue.whyNone(alert), received);
        }
        IncidentPlan plan;
        try {
            plan = planner.plan(intent, alert.attackTechnique());
        } catch (NoPlan e) {
            return registry.firstAnswer(alert.id() + "|" + intent.name())
                    ? answer(alert, MitigationStatus.SKIPPED, intent.name(), "no plan: " + e.getMessage(), received)
                    : Uni.createFrom().voidItem();
        }
        if (intent.mode() != IntentMode.DRY_RUN) {
            int actions = (plan.containment() == null ? 0 : 1) + (plan.eradication().isEmpty() ? 0 : 1);
            if (!limiter.tryTake(intent.name(), actions, intent.rateLimitPerMinute())) {
                meters.counter("mitigation.intent.rate.limited", "intent", intent.name()).increment();
                return answer(alert, MitigationStatus.SKIPPED, intent.name(), "rate limit: intent " + intent.name()
                        + " allows " + intent.rateLimitPerMinute() + " actions a minute and has used "
                        + limiter.takenInLastMinute(intent.name()) + "; pod " + alert.pod().key()
                        + " not acted on", received);
            }
        }
        Phase first = switch (intent.mode()) {
            case APPROVAL -> Phase.AWAITING_APPROVAL;
            case DRY_RUN -> Phase.DRY_RUN;
            case AUTOMATIC -> plan.containment() != null ? Phase.CONTAIN : Phase.ERADICATE;
        };
        Incident incident = new Incident(Incident.newId(alert), alert, intent.name(), plan, first);
        registry.add(incident);
        meters.counter("mitigation.intent.incidents", "intent", intent.name()).increment();
        return publishPlan(incident, received)
                .chain(() -> intent.mode() == IntentMode.AUTOMATIC ? advance(incident) : Uni.createFrom().voidItem());
    }

    /** Lets an incident waiting for approval go ahead; completes once the steps it allowed are written. */
    public Uni<Void> approved(Incident incident, MitigationRequest approval) {
        synchronized (incident) {
            if (incident.phase() != Phase.AWAITING_APPROVAL) {
                return Uni.createFrom().voidItem();
            }
            incident.phase(incident.plan().containment() != null ? Phase.CONTAIN : Phase.ERADICATE);
        }
        Log.infof("%s approved by %s (request %s)", incident, approval.requestedBy(), approval.requestId());
        return advance(incident);
    }

    /** A C2 attempt from the incident's pod at a flow time (a flow, or an alert revision's newest flow). */
    public void onAttempt(Incident incident, Instant flowTime, String what) {
        boolean changed;
        synchronized (incident) {
            Instant from = incident.verifyFrom();
            changed = incident.phase() == Phase.VERIFY && from != null && flowTime.isAfter(from.plus(grace))
                    && incident.cameBack() == null && incident.verifiedDue() == null;
            if (changed) {
                incident.cameBack(what + " at " + flowTime + " (flow time), " + Duration.between(from, flowTime)
                        .toSeconds() + " s after verification started");
            }
        }
        if (changed) {
            advance(incident).subscribe().with(x -> { }, e -> Log.errorf(e, "%s", incident));
        }
    }

    /** Flow time moved on for the incident's pod: starts and ends its windows. */
    public void onFlowTime(Incident incident, Instant flowTime) {
        onFlowTime(incident, flowTime, null);
    }

    /**
     * Flow time moved on for the incident's pod, told by a flow record written to Kafka at {@code recordTime} (wall
     * time, null when unknown). Verification only starts counting from a flow written after the eradication: a
     * consumer that lags behind would otherwise start the window at a flow from before it, and take the C2 attempts
     * that the eradication has already stopped for C2 coming back.
     */
    public void onFlowTime(Incident incident, Instant flowTime, Instant recordTime) {
        boolean changed = false;
        synchronized (incident) {
            Instant eradicatedAt = incident.eradicatedAt();
            boolean afterEradication = recordTime == null || eradicatedAt == null || !recordTime.isBefore(eradicatedAt);
            if (incident.phase() == Phase.VERIFY && incident.verifyFrom() == null && afterEradication) {
                incident.verifyFrom(flowTime);
            }
            if (incident.contained() && incident.containedFrom() == null) {
                incident.containedFrom(flowTime);
            }
            Instant deadline = incident.verificationDeadline();
            if (deadline != null && !flowTime.isBefore(deadline) && incident.cameBack() == null
                    && incident.verifiedDue() == null) {
                incident.verifiedDue("no C2 attempt from " + incident.podKey() + " to " + incident.c2Address()
                        + " from " + incident.verifyFrom() + " to " + flowTime + " (flow time; window "
                        + incident.plan().intent().verificationWindow() + ", dropped attempts counted)");
                changed = true;
            }
            Instant lift = incident.durationDeadline();
            if (lift != null && !flowTime.isBefore(lift) && !incident.durationDue()) {
                incident.durationDue(true);
                changed = true;
            }
        }
        if (changed) {
            advance(incident).subscribe().with(x -> { }, e -> Log.errorf(e, "%s", incident));
        }
    }

    /** The incident's containment is missing from the cluster: put it back. */
    public Uni<Void> restore(Incident incident) {
        synchronized (incident) {
            if (!incident.contained() || !incident.open() || incident.phase() == Phase.LIFT) {
                return Uni.createFrom().voidItem();
            }
            incident.restoreNeeded(true);
        }
        return advance(incident);
    }

    /**
     * A person's revert request for the quarantine this open incident holds (found by {@link HeldQuarantines}). The
     * revert runs as the incident's next step, after a step under way and before any other, so no restore or lift
     * interleaves with it. Once the quarantine is off the cluster (lifted now, REVERTED, or found already gone,
     * SKIPPED) the incident is closed RELEASED, and the event answering the request says so (the incident's id and
     * intent, the request named in the reason; {@link OperatorRelease}): that event is what a restart rebuilds the
     * close from. Yields the outcome once its event is written.
     */
    public Uni<Outcome> release(Incident incident, MitigationRequest request) {
        CompletableFuture<Outcome> answered = new CompletableFuture<>();
        incident.releaseDue(new Incident.Release(request, answered));
        advance(incident).subscribe().with(x -> { }, answered::completeExceptionally);
        return Uni.createFrom().completionStage(answered);
    }

    /** Runs the incident's due steps, one after the other; a no-op when another caller is already at it. */
    public Uni<Void> advance(Incident incident) {
        if (!incident.claim()) {
            return Uni.createFrom().voidItem();
        }
        return loop(incident);
    }

    /** The reconcile tick: steps left for later (a failed lift or restore) are tried again. */
    public Uni<Void> retryParked(Incident incident) {
        incident.parked(false);
        return advance(incident);
    }

    private Uni<Void> loop(Incident incident) {
        Supplier<Uni<Void>> step = next(incident);
        if (step == null) {
            return incident.releaseIfIdle() ? Uni.createFrom().voidItem() : loop(incident);
        }
        return Uni.createFrom().<Void>deferred(step::get)
                .onFailure().recoverWithUni(e -> {
                    // a step whose event could not be written: leave it for the reconcile tick
                    Log.errorf(e, "%s: step failed, retried at the next reconcile", incident);
                    incident.parked(true);
                    return Uni.createFrom().voidItem();
                })
                .chain(() -> loop(incident));
    }

    private Supplier<Uni<Void>> next(Incident incident) {
        synchronized (incident) {
            if (incident.releaseDue() != null) {
                return () -> release(incident);
            }
            if (!incident.open() || incident.parked() || incident.plan() == null && incident.phase() != Phase.LIFT) {
                return null;
            }
            if (incident.restoreNeeded()) {
                return () -> contain(incident, true);
            }
            if (incident.cameBack() != null) {
                return () -> cameBack(incident);
            }
            if (incident.verifiedDue() != null) {
                return () -> verified(incident);
            }
            return switch (incident.phase()) {
                case CONTAIN -> () -> contain(incident, false);
                case ERADICATE -> () -> eradicate(incident);
                case LIFT -> () -> lift(incident, false);
                case VERIFY, HOLD, STUCK -> incident.durationDue() && incident.contained()
                        ? () -> lift(incident, true) : null;
                default -> null;
            };
        }
    }

    private Uni<Void> publishPlan(Incident incident, Instant received) {
        IncidentPlan plan = incident.plan();
        SecurityIntent intent = plan.intent();
        C2Alert alert = incident.alert();
        Uni<List<TouchedObject>> objects = intent.mode() == IntentMode.AUTOMATIC
                ? Uni.createFrom().item(List.of())
                : dryRunObjects(incident);
        return objects.chain(touched -> {
            String mode = intent.mode().name().toLowerCase(Locale.ROOT).replace('_', '-');
            String waits = switch (intent.mode()) {
                case APPROVAL -> "; waits for an approve request naming this event";
                case DRY_RUN -> "; dry-run, nothing is changed";
                case AUTOMATIC -> "";
            };
            MitigationEvent event = IncidentEvents.step(incident, MitigationStatus.PLANNED, plan.first(), touched,
                    "(" + mode + ") " + alert.detector().name().toLowerCase(Locale.ROOT) + " alert (score "
                            + alert.score() + ", " + alert.attackTechnique() + ") on " + incident.podKey() + " to "
                            + alert.destination() + "; " + plan.reason() + waits,
                    intent.mode() == IntentMode.DRY_RUN, received);
            registry.planned(incident, event.eventId());
            return publish(incident, event);
        });
    }

    private Uni<List<TouchedObject>> dryRunObjects(Incident incident) {
        IncidentPlan plan = incident.plan();
        List<TechniqueOption> steps = new ArrayList<>();
        if (plan.containment() != null) {
            steps.add(plan.containment());
        }
        plan.eradication(0).ifPresent(steps::add);
        Uni<List<TouchedObject>> all = Uni.createFrom().item(new ArrayList<>());
        for (TechniqueOption t : steps) {
            all = all.chain(list -> executor.execute(request(MitigationMode.DRY_RUN, t, incident)).map(o -> {
                list.addAll(o.event().objects());
                return list;
            }));
        }
        return all;
    }

    private Uni<Void> contain(Incident incident, boolean restore) {
        TechniqueOption t = incident.containment();
        String why = restore ? "restore the containment of open incident " + incident.id()
                + " (it was missing from the cluster)"
                : "contain " + incident.podKey() + " (" + incident.alert().destination() + ")";
        return run(incident, MitigationMode.APPLY, t, why).invoke(status -> {
            synchronized (incident) {
                boolean holds = status == MitigationStatus.APPLIED || status == MitigationStatus.SKIPPED;
                if (restore) {
                    incident.restoreNeeded(false);
                    if (!holds) {
                        incident.parked(true);
                    }
                    return;
                }
                if (holds) {
                    incident.contained(true);
                    incident.phase(incident.plan().eradication().isEmpty() ? Phase.HOLD : Phase.ERADICATE);
                } else {
                    close(incident, Phase.FAILED);
                }
            }
        }).replaceWithVoid();
    }

    private Uni<Void> eradicate(Incident incident) {
        int level = incident.level();
        TechniqueOption t = incident.plan().eradication(level).orElseThrow();
        String why = level == 0 ? "eradicate the C2 persistence in " + incident.podKey()
                : "escalate to " + t.techniqueId() + " (level " + level + ")";
        return run(incident, MitigationMode.APPLY, t, why).invoke(status -> {
            synchronized (incident) {
                if (status == MitigationStatus.APPLIED || status == MitigationStatus.SKIPPED) {
                    incident.phase(Phase.VERIFY);
                    incident.verifyFrom(null);
                    incident.eradicatedAt(Instant.now());
                } else if (incident.plan().eradication(level + 1).isPresent()) {
                    incident.level(level + 1);
                } else {
                    incident.phase(Phase.STUCK);
                }
            }
        }).replaceWithVoid();
    }

    private Uni<Void> cameBack(Incident incident) {
        int level = incident.level();
        TechniqueOption t = incident.plan().eradication(level).orElseThrow();
        boolean escalates = incident.plan().eradication(level + 1).isPresent();
        String reason = "verification failed, C2 came back after " + t.techniqueId() + ": " + incident.cameBack()
                + (escalates ? "; escalating to " + incident.plan().eradication(level + 1).get().describe()
                        : "; no costlier technique allowed, the containment stays until a person decides");
        MitigationEvent event = IncidentEvents.step(incident, MitigationStatus.FAILED, t, List.of(), reason, false,
                incident.eradicatedAt());
        return publish(incident, event).invoke(() -> {
            synchronized (incident) {
                incident.cameBack(null);
                incident.verifyFrom(null);
                if (escalates) {
                    incident.level(level + 1);
                    incident.phase(Phase.ERADICATE);
                } else {
                    incident.phase(Phase.STUCK);
                }
            }
        });
    }

    private Uni<Void> verified(Incident incident) {
        TechniqueOption t = incident.plan().eradication(incident.level()).orElseThrow();
        MitigationEvent event = IncidentEvents.step(incident, MitigationStatus.VERIFIED, t, List.of(),
                t.techniqueId() + " verified: " + incident.verifiedDue()
                        + (incident.contained() ? "; lifting the containment" : "; incident resolved"),
                false, incident.eradicatedAt());
        return publish(incident, event).invoke(() -> {
            synchronized (incident) {
                incident.verifiedDue(null);
                if (incident.contained()) {
                    incident.phase(Phase.LIFT);
                } else {
                    close(incident, Phase.RESOLVED);
                }
            }
        });
    }

    private Uni<Void> lift(Incident incident, boolean forDuration) {
        TechniqueOption t = incident.containment();
        String why = forDuration ? "the intent's duration " + incident.plan().intent().duration()
                + " of flow time is over: lift the containment"
                : "eradication verified: lift the containment; incident " + incident.id() + " resolved";
        return run(incident, MitigationMode.REVERT, t, why).invoke(status -> {
            synchronized (incident) {
                if (status != MitigationStatus.REVERTED && status != MitigationStatus.SKIPPED) {
                    incident.parked(true);
                    return;
                }
                incident.contained(false);
                if (forDuration) {
                    incident.durationLifted(true);
                    incident.durationDue(false);
                    if (incident.phase() == Phase.HOLD || incident.phase() == Phase.STUCK) {
                        close(incident, Phase.RESOLVED);
                    }
                } else {
                    close(incident, Phase.RESOLVED);
                }
            }
        }).replaceWithVoid();
    }

    private Uni<Void> release(Incident incident) {
        Incident.Release due;
        boolean held;
        Phase was;
        synchronized (incident) {
            due = incident.releaseDue();
            incident.releaseDue(null);
            was = incident.phase();
            held = incident.open() && incident.contained();
        }
        MitigationRequest request = due.request();
        return executor.execute(request).chain(outcome -> {
            // REVERTED, or SKIPPED when the quarantine was already gone (deleted by hand before the reconcile put
            // it back): either way nothing holds and the person's decision stands (the rule: OperatorRelease)
            MitigationEvent event = held ? released(outcome.event(), incident, request, was) : null;
            if (event == null || !OperatorRelease.closesIncident(event)) {
                // the intent let go meanwhile, or the revert did not happen: a plain answer, the incident goes on
                return publish(incident, outcome.event()).replaceWith(outcome);
            }
            return publish(incident, event).invoke(() -> {
                synchronized (incident) {
                    close(incident, Phase.RELEASED);
                }
            }).replaceWith(new Outcome(event, outcome.deadLetterReason()));
        }).onItemOrFailure().transform((outcome, failure) -> {
            if (failure != null) {
                // the answer could not be written: the request is dead-lettered, the incident keeps its quarantine
                Log.errorf(failure, "%s: cannot answer revert request %s", incident, request.requestId());
                due.answered().completeExceptionally(failure);
            } else {
                due.answered().complete(outcome);
            }
            return null;
        });
    }

    /** The executor's answer to a person's revert, restated as the step that closed the incident. */
    private static MitigationEvent released(MitigationEvent answer, Incident incident, MitigationRequest request,
            Phase was) {
        String by = request.requestedBy() == null ? "" : " (requested by " + request.requestedBy() + ")";
        return new MitigationEvent(answer.schemaVersion(), answer.eventId(), answer.requestId(), incident.id(),
                answer.status(), answer.action(), answer.technique(), answer.techniqueName(), answer.target(),
                answer.objects(), "quarantine lifted by operator request " + request.requestId() + by + "; incident "
                        + incident.id() + " closed (it was " + was.name().toLowerCase(Locale.ROOT) + "), the intent "
                        + incident.intentName() + " will not restore it: " + answer.reason(),
                incident.intentName(), answer.dryRun(), answer.at(), answer.startedAt(), answer.durationMs());
    }

    /** One action through the executor, its event stamped and written; yields the status. */
    private Uni<MitigationStatus> run(Incident incident, MitigationMode mode, TechniqueOption t, String why) {
        return executor.execute(request(mode, t, incident)).chain(outcome -> {
            MitigationEvent event = IncidentEvents.stamp(outcome.event(), incident, why);
            return publish(incident, event).replaceWith(event.status());
        });
    }

    private MitigationRequest request(MitigationMode mode, TechniqueOption t, Incident incident) {
        Map<String, String> parameters = new HashMap<>();
        if (mode != MitigationMode.REVERT) {
            incident.intent().map(i -> i.parameters().get(t.action())).ifPresent(parameters::putAll);
            parameters.putAll(t.parameters());
        }
        return new MitigationRequest(MitigationRequest.SCHEMA_VERSION, "intent-" + UUID.randomUUID(), mode,
                t.action(), null, incident.target(), parameters, incident.id(), null, incident.alert(),
                "intent:" + incident.intentName(), Instant.now());
    }

    private Uni<Void> join(Incident incident, C2Alert alert) {
        incident.noteAlert(alert);
        if (alert.lastSeen() != null && alert.destination().equals(incident.c2Address())) {
            onAttempt(incident, alert.lastSeen(), "alert " + alert.id() + " revision " + alert.revision()
                    + " (newest flow)");
        }
        return Uni.createFrom().voidItem();
    }

    /** An alert on a pod whose last incident closed is a new infection only if its flows came after the close. */
    private static boolean newInfection(Incident closed, C2Alert alert) {
        if (closed.phase() == Phase.DRY_RUN) {
            return !closed.alertId().equals(alert.id());
        }
        Instant closedAt = closed.closedAtFlowTime();
        return closedAt == null || alert.lastSeen() == null || alert.lastSeen().isAfter(closedAt);
    }

    private void close(Incident incident, Phase phase) {
        incident.phase(phase);
        incident.contained(incident.contained() && phase != Phase.RESOLVED && phase != Phase.RELEASED);
        incident.closedAtFlowTime(clock.now(incident.flowPartitionKnown()));
        Log.infof("%s closed", incident);
    }

    private Uni<Void> answer(C2Alert alert, MitigationStatus status, String intent, String reason, Instant started) {
        return publisher.publish(alert.pod().key(), IncidentEvents.alertOutcome(alert, status, intent, reason,
                started));
    }

    private Uni<Void> publish(Incident incident, MitigationEvent event) {
        return publisher.publish(incident.podKey(), event);
    }
}
