package io.c2intents.mitigation.incident;

import io.c2intents.events.C2Alert;
import io.c2intents.events.Contracts;
import io.c2intents.events.IntentMode;
import io.c2intents.events.MitigationEvent;
import io.c2intents.events.MitigationStatus;
import io.c2intents.events.OperatorRelease;
import io.c2intents.events.SecurityIntent;
import io.c2intents.mitigation.config.MitigationConfig;
import io.c2intents.mitigation.history.TopicSnapshot;
import io.c2intents.mitigation.intent.IntentCatalogue;
import io.c2intents.mitigation.intent.IntentChannels;
import io.c2intents.mitigation.planner.IncidentPlan;
import io.c2intents.mitigation.planner.Planner;
import io.c2intents.mitigation.planner.Role;
import io.c2intents.mitigation.planner.TechniqueTable;
import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Makes incidents follow the {@code c2-alerts} partitions. When partitions are assigned (start, restart, scale-out)
 * the incidents of their pods are rebuilt from the topics: every step the intents wrote on {@code mitigation-events}
 * (same key, so the same partition number) says how far each incident got, and {@code c2-alerts} gives back the
 * alert each one answers (its C2 address, its pod). Open incidents then resume at the step after the last one
 * written: a restart mid-incident completes it once, with no second quarantine or eviction. An incident a person
 * released (the answer to their revert request, {@link OperatorRelease}) stays closed. When partitions are
 * revoked or lost their incidents are forgotten here; the instance that gets them rebuilds them. Runs on the Kafka
 * polling thread.
 */
@ApplicationScoped
@Identifier(IntentChannels.INCIDENT_REBUILD)
public class IncidentRebuilder implements KafkaConsumerRebalanceListener {

    private final IncidentRegistry registry;
    private final IncidentRunner runner;
    private final IntentCatalogue catalogue;
    private final Planner planner;
    private final TechniqueTable techniques;
    private final Map<String, Object> kafkaConfig;
    private final String eventsTopic;
    private final String alertsTopic;
    private final Duration timeout;

    public IncidentRebuilder(IncidentRegistry registry, IncidentRunner runner, IntentCatalogue catalogue,
            Planner planner, TechniqueTable techniques, MitigationConfig config,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            @ConfigProperty(name = "mp.messaging.outgoing.mitigation-events.topic") String eventsTopic,
            @ConfigProperty(name = "mp.messaging.incoming." + IntentChannels.ALERTS + ".topic") String alertsTopic) {
        this.registry = registry;
        this.runner = runner;
        this.catalogue = catalogue;
        this.planner = planner;
        this.techniques = techniques;
        this.kafkaConfig = kafkaConfig;
        this.eventsTopic = eventsTopic;
        this.alertsTopic = alertsTopic;
        this.timeout = config.intents().readTimeout();
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        int count = consumer.partitionsFor(partitions.iterator().next().topic()).size();
        rebuild(partitions.stream().map(TopicPartition::partition).collect(Collectors.toSet()), count);
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        forget(consumer, partitions, "revoked");
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        forget(consumer, partitions, "lost");
    }

    private void forget(Consumer<?, ?> consumer, Collection<TopicPartition> partitions, String why) {
        if (partitions.isEmpty()) {
            return;
        }
        int count = consumer.partitionsFor(partitions.iterator().next().topic()).size();
        Set<Integer> numbers = partitions.stream().map(TopicPartition::partition).collect(Collectors.toSet());
        int forgotten = registry.forget(key -> numbers.contains(TopicSnapshot.partitionOf(key, count)));
        Log.infof("partitions %s of %s %s: %d incidents left to their new owner", numbers, alertsTopic, why,
                forgotten);
    }

    /**
     * Rebuilds the incidents of the pods whose key falls in {@code partitions} (of {@code partitionCount}) and
     * resumes the open ones. Blocking.
     *
     * @return the open incidents resumed
     */
    public List<Incident> rebuild(Set<Integer> partitions, int partitionCount) {
        Predicate<String> mine = key -> key != null && partitions.contains(TopicSnapshot.partitionOf(key,
                partitionCount));
        registry.forget(mine);
        try {
            catalogue.loaded().await().atMost(timeout);
        } catch (RuntimeException e) {
            Log.warnf("intents not read within %s: incidents of partitions %s rebuilt without them", timeout,
                    partitions);
        }
        TopicSnapshot snapshot = new TopicSnapshot(kafkaConfig);
        Map<String, C2Alert> alerts = new HashMap<>();
        Map<String, Instant> lastSeenByPod = new HashMap<>();
        for (ConsumerRecord<String, String> record : snapshot.read(alertsTopic, mine, timeout)) {
            try {
                C2Alert alert = Contracts.C2_ALERT.read(record.value());
                alerts.merge(alert.id(), alert, (a, b) -> b.revision() >= a.revision() ? b : a);
                if (alert.lastSeen() != null) {
                    lastSeenByPod.merge(alert.pod().key(), alert.lastSeen(), (a, b) -> b.isAfter(a) ? b : a);
                }
            } catch (RuntimeException e) {
                // not an alert: the consumer dead-letters it, the rebuild has nothing to learn from it
            }
        }
        Map<String, List<MitigationEvent>> steps = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> record : snapshot.read(eventsTopic, mine, timeout)) {
            try {
                MitigationEvent event = Contracts.MITIGATION_EVENT.read(record.value());
                if (event.intent() != null && event.incidentId() != null) {
                    steps.computeIfAbsent(event.incidentId(), id -> new ArrayList<>()).add(event);
                }
            } catch (RuntimeException e) {
                // someone else's record on the topic: not a step of ours
            }
        }
        List<Incident> resumed = new ArrayList<>();
        for (List<MitigationEvent> events : steps.values()) {
            Incident incident = replay(events, alerts);
            if (incident == null) {
                continue;
            }
            if (!incident.open()) {
                incident.closedAtFlowTime(lastSeenByPod.get(incident.podKey()));
            }
            registry.add(incident);
            if (incident.planEventId() != null) {
                registry.planned(incident, incident.planEventId());
            }
            if (incident.open()) {
                resumed.add(incident);
            }
        }
        Log.infof("rebuilt %d incidents of partitions %s from %s (%d open)", steps.size(), partitions, eventsTopic,
                resumed.size());
        for (Incident incident : resumed) {
            runner.advance(incident).subscribe().with(x -> { },
                    e -> Log.errorf(e, "cannot resume %s", incident));
        }
        return resumed;
    }

    /** The incident as its written steps leave it, or null when its history is not one this service wrote. */
    Incident replay(List<MitigationEvent> events, Map<String, C2Alert> alerts) {
        MitigationEvent planned = events.get(0);
        if (planned.status() != MitigationStatus.PLANNED) {
            return null;
        }
        C2Alert alert = alerts.get(planned.requestId());
        if (alert == null) {
            Log.warnf("incident %s: its alert %s is no longer on %s; not resumed", planned.incidentId(),
                    planned.requestId(), alertsTopic);
            return null;
        }
        SecurityIntent intent = catalogue.find(planned.intent()).orElse(null);
        IncidentPlan plan = null;
        if (intent != null) {
            try {
                plan = planner.plan(intent, alert.attackTechnique());
            } catch (RuntimeException e) {
                Log.warnf("incident %s: intent %s no longer plans it (%s)", planned.incidentId(), intent.name(),
                        e.getMessage());
            }
        }
        Phase phase;
        if (planned.dryRun()) {
            phase = Phase.DRY_RUN;
        } else if (intent != null && intent.mode() == IntentMode.APPROVAL) {
            phase = Phase.AWAITING_APPROVAL;
        } else {
            phase = plan != null && plan.containment() == null ? Phase.ERADICATE : Phase.CONTAIN;
        }
        Incident incident = new Incident(planned.incidentId(), alert, planned.intent(), plan, phase);
        incident.planEventId(planned.eventId());
        boolean verified = false;
        for (MitigationEvent e : events.subList(1, events.size())) {
            if (e.dryRun() || incident.phase() == Phase.DRY_RUN) {
                continue;
            }
            Role role = TechniqueTable.roleOf(e.action()).orElse(null);
            MitigationStatus s = e.status();
            boolean took = s == MitigationStatus.APPLIED || s == MitigationStatus.SKIPPED;
            if (OperatorRelease.closesIncident(e)) {
                // the answer to a person's revert request (REVERTED, or SKIPPED when the quarantine was already
                // gone): their decision closed the incident, and nothing after it reopens it
                incident.contained(false);
                incident.phase(Phase.RELEASED);
                break;
            }
            if (role == Role.CONTAIN) {
                if (took) {
                    incident.contained(true);
                    techniques.find(e.technique()).ifPresent(incident::containment);
                    if (incident.phase() == Phase.AWAITING_APPROVAL || incident.phase() == Phase.CONTAIN) {
                        incident.phase(plan == null || plan.eradication().isEmpty() ? Phase.HOLD : Phase.ERADICATE);
                    }
                } else if (s == MitigationStatus.REVERTED) {
                    incident.contained(false);
                    if (verified || incident.phase() == Phase.HOLD || incident.phase() == Phase.LIFT) {
                        incident.phase(Phase.RESOLVED);
                    } else {
                        incident.durationLifted(true);
                    }
                } else if ((s == MitigationStatus.FAILED || s == MitigationStatus.REJECTED) && !incident.contained()
                        && (incident.phase() == Phase.CONTAIN || incident.phase() == Phase.AWAITING_APPROVAL)) {
                    incident.phase(Phase.FAILED);
                }
            } else if (role == Role.ERADICATE) {
                int level = plan == null ? -1 : plan.levelOf(e.action());
                if (took) {
                    incident.phase(Phase.VERIFY);
                    incident.level(Math.max(level, 0));
                } else if (s == MitigationStatus.FAILED || s == MitigationStatus.REJECTED) {
                    if (plan != null && level >= 0 && plan.eradication(level + 1).isPresent()) {
                        incident.level(level + 1);
                        incident.phase(Phase.ERADICATE);
                    } else {
                        incident.phase(Phase.STUCK);
                    }
                } else if (s == MitigationStatus.VERIFIED) {
                    verified = true;
                    incident.phase(incident.contained() ? Phase.LIFT : Phase.RESOLVED);
                }
            }
        }
        if (plan == null && incident.open()) {
            // the intent is gone: nothing more to eradicate, only the containment to give back
            incident.phase(incident.contained() ? Phase.LIFT : Phase.FAILED);
        }
        return incident;
    }
}
