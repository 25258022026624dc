package io.c2intents.orchestrator.service;

import io.c2intents.events.C2Alert;
import io.c2intents.events.MitigationMode;
import io.c2intents.events.MitigationRequest;
import io.c2intents.events.PodKey;
import io.c2intents.events.Target;
import io.c2intents.events.TargetKind;
import io.c2intents.orchestrator.kafka.CommandPublisher;
import io.c2intents.orchestrator.rest.Accepted;
import io.c2intents.orchestrator.rest.ApiProblem;
import io.c2intents.orchestrator.view.AlertView;
import io.c2intents.orchestrator.view.IncidentSnapshot;
import io.c2intents.orchestrator.view.IncidentView;
import io.c2intents.orchestrator.view.MitigationSnapshot;
import io.c2intents.orchestrator.view.MitigationView;
import io.c2intents.orchestrator.view.Techniques;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Mitigations asked for by hand: the five intent buttons (a technique on every infected pod), one action on one
 * target, approve and revert. Each becomes a request on {@code mitigation-requests}; the mitigation service acts.
 */
@ApplicationScoped
public class MitigationService {

    static final String REQUESTED_BY = "orchestrator";

    private final CommandPublisher publisher;
    private final IncidentView incidents;
    private final AlertView alerts;
    private final MitigationView mitigations;
    private final ClusterService cluster;
    private final PodPresence presence;

    public MitigationService(CommandPublisher publisher, IncidentView incidents, AlertView alerts,
            MitigationView mitigations, ClusterService cluster, PodPresence presence) {
        this.cluster = cluster;
        this.presence = presence;
        this.publisher = publisher;
        this.incidents = incidents;
        this.alerts = alerts;
        this.mitigations = mitigations;
    }

    /**
     * An intent button: the technique on every pod with an OPEN or CONTAINED incident, each target once. The
     * Kubernetes API is asked first, so pods that no longer exist (GONE) are not targets.
     */
    public Uni<Accepted> onInfected(IntentButton button) {
        if (button == null) {
            throw ApiProblem.badField("$", "a body {\"technique\": \"D3-NTF\"} is required");
        }
        String technique = button.technique();
        if (technique == null || !Techniques.ACTIONS.containsKey(technique)) {
            throw ApiProblem.badField("$.technique", "'" + technique + "' is not one of "
                    + String.join(", ", Techniques.ACTIONS.keySet()));
        }
        MitigationMode mode = mode("$.mode", button.mode());
        return presence.refresh().chain(() -> requestForInfected(technique, mode));
    }

    private Uni<Accepted> requestForInfected(String technique, MitigationMode mode) {
        List<IncidentSnapshot> open = incidents.open();
        if (open.isEmpty()) {
            throw ApiProblem.conflict("no infected pods: no incident is open, so " + technique + " has no target");
        }
        Map<String, MitigationRequest> byTarget = new LinkedHashMap<>();
        Map<String, String> keys = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        for (IncidentSnapshot incident : open) {
            Target target = targetFor(technique, incident);
            if (target == null) {
                skipped.add(incident.pod() + ": " + (technique.equals(Techniques.HS) ? "its node" : "its workload")
                        + " is not known yet");
                continue;
            }
            String targetKey = target.kind() + " " + target.namespace() + "/" + target.name();
            if (byTarget.containsKey(targetKey)) {
                continue;
            }
            byTarget.put(targetKey, request(mode, Techniques.ACTIONS.get(technique), technique, target, Map.of(),
                    incident.id(), null, latestAlert(incident.pod())));
            keys.put(targetKey, incident.pod());
        }
        if (byTarget.isEmpty()) {
            throw ApiProblem.conflict("no target for " + technique + ": " + String.join("; ", skipped));
        }
        List<String> ids = byTarget.values().stream().map(MitigationRequest::requestId).toList();
        return Multi.createFrom().iterable(byTarget.entrySet())
                .onItem().transformToUniAndConcatenate(e -> publisher.send(keys.get(e.getKey()), e.getValue()))
                .collect().asList()
                .replaceWith(new Accepted(ids.get(0), "/api/incidents", ids, technique + " ("
                        + Techniques.NAMES.get(technique) + ") requested for " + byTarget.size() + " target(s): "
                        + String.join(", ", byTarget.keySet()), skipped));
    }

    /** One action or technique on one target. */
    public Uni<Accepted> manual(ManualMitigation body) {
        if (body == null) {
            throw ApiProblem.badField("$", "a body with technique or action and target is required");
        }
        MitigationMode mode = mode("$.mode", body.mode());
        IncidentSnapshot incident = null;
        if (body.incidentId() != null) {
            incident = incidents.get(body.incidentId())
                    .orElseThrow(() -> ApiProblem.notFound("no incident " + body.incidentId()));
        }
        String action = body.action();
        if (action == null && body.technique() != null) {
            action = Techniques.ACTIONS.get(body.technique());
        }
        Target target = body.target();
        if (incident == null && target != null && target.kind() == TargetKind.POD && target.namespace() != null) {
            incident = incidents.ofPod(PodKey.of(target.namespace(), target.name())).orElse(null);
        }
        String podKey = incident != null ? incident.pod() : keyOf(target);
        MitigationRequest request = request(mode, action, body.technique(), target, body.parameters(),
                incident == null ? null : incident.id(), null, podKey == null ? null : latestAlert(podKey));
        // the contract first (its messages name the JSON path), then what the mitigation service would refuse
        io.c2intents.events.Contracts.MITIGATION_REQUEST.write(request);
        Rules.check(request);
        // a pod that does not exist is 404: no request, so no incident that can never close
        Uni<Void> exists = target.kind() == TargetKind.POD && target.namespace() != null
                ? cluster.requirePod(target.namespace(), target.name()) : Uni.createFrom().voidItem();
        IncidentSnapshot joined = incident;
        return exists.chain(() -> publisher.send(podKey == null ? request.requestId() : podKey, request))
                .replaceWith(Accepted.of(request.requestId(), followIncident(joined),
                        (action != null ? action : body.technique()) + " requested for " + describe(target)));
    }

    /** Lets a planned mitigation waiting for approval go ahead. */
    public Uni<Accepted> approve(String id) {
        return follow(id, MitigationMode.APPROVE);
    }

    /** Undoes an applied mitigation. */
    public Uni<Accepted> revert(String id) {
        return follow(id, MitigationMode.REVERT);
    }

    private Uni<Accepted> follow(String id, MitigationMode mode) {
        MitigationSnapshot mitigation = mitigations.get(id)
                .orElseThrow(() -> ApiProblem.notFound("no mitigation " + id + " has been published on "
                        + "mitigation-events"));
        MitigationRequest request = request(mode, mitigation.action(), mitigation.technique(), mitigation.target(),
                Map.of(), mitigation.incidentId(), id, null);
        String key = mitigation.pod() != null ? mitigation.pod() : mitigation.requestId();
        return publisher.send(key, request).replaceWith(Accepted.of(request.requestId(),
                "/api/mitigations/" + mitigation.id(), mode.name().toLowerCase() + " of " + id + " requested"));
    }

    static Target targetFor(String technique, IncidentSnapshot incident) {
        return switch (technique) {
            case Techniques.EDL -> incident.workload() == null ? null
                    : new Target(TargetKind.WORKLOAD, incident.namespace(), incident.workload());
            case Techniques.HS -> incident.node() == null ? null : new Target(TargetKind.NODE, null, incident.node());
            default -> Target.pod(incident.namespace(), incident.podName());
        };
    }

    private C2Alert latestAlert(String podKey) {
        List<C2Alert> list = alerts.list(podKey, 1);
        return list.isEmpty() ? null : list.get(0);
    }

    private static MitigationRequest request(MitigationMode mode, String action, String technique, Target target,
            Map<String, String> parameters, String incidentId, String reference, C2Alert alert) {
        return new MitigationRequest(MitigationRequest.SCHEMA_VERSION, "req-" + UUID.randomUUID(), mode, action,
                technique, target, parameters, incidentId, reference, alert, REQUESTED_BY, Instant.now());
    }

    private static MitigationMode mode(String field, String mode) {
        if (mode == null || mode.isEmpty() || "apply".equals(mode)) {
            return MitigationMode.APPLY;
        }
        if ("dry-run".equals(mode)) {
            return MitigationMode.DRY_RUN;
        }
        throw ApiProblem.badField(field, "'" + mode + "' is not apply or dry-run");
    }

    private static String keyOf(Target target) {
        if (target == null || target.name() == null) {
            return null;
        }
        return target.namespace() == null ? target.name() : PodKey.of(target.namespace(), target.name());
    }

    private static String followIncident(IncidentSnapshot incident) {
        return incident == null ? "/api/mitigations" : "/api/incidents/" + incident.id();
    }

    private static String describe(Target target) {
        if (target == null) {
            return "no target";
        }
        return target.kind().name().toLowerCase() + " "
                + (target.namespace() == null ? "" : target.namespace() + "/") + target.name();
    }
}
