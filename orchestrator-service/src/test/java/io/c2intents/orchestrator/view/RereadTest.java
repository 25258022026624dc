package io.c2intents.orchestrator.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.c2intents.events.Contracts;
import io.c2intents.events.MitigationEvent;
import io.c2intents.events.MitigationMode;
import io.c2intents.events.MitigationRequest;
import io.c2intents.events.MitigationStatus;
import io.c2intents.events.SimulatorCommand;
import io.c2intents.events.SimulatorCommandType;
import io.c2intents.events.Target;
import io.c2intents.events.Topics;
import io.c2intents.orchestrator.DefaultConfig;
import io.c2intents.orchestrator.Fixtures;
import io.c2intents.orchestrator.kafka.ViewUpdater;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.commit.KafkaCommitHandler;
import io.smallrye.reactive.messaging.kafka.fault.KafkaFailureHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.junit.jupiter.api.Test;

/**
 * Offsets are never committed, so a Kafka reconnect or a rebalance reads every topic again from its start. What
 * the views show must not change when that happens: no step twice, no flow twice, commands still newest first.
 */
class RereadTest {

    static final Instant T = Instant.parse("2026-03-14T09:21:04Z");

    final FlowView flows = new FlowView(100, 16);
    final IncidentView incidents = new IncidentView(100, 50, 16);
    final MitigationView mitigations = new MitigationView(DefaultConfig.get());
    final CommandView commands = new CommandView(DefaultConfig.get());
    final AlertView alerts = new AlertView(DefaultConfig.get());
    final ViewUpdater updater = new ViewUpdater(flows, alerts, incidents, mitigations, commands, new IntentView(),
            new SimpleMeterRegistry(), null);

    static IncomingKafkaRecord<String, String> record(String topic, int partition, long offset, String key,
            String value) {
        KafkaCommitHandler commit = new KafkaCommitHandler() {
            @Override
            public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record) {
                return Uni.createFrom().voidItem();
            }
        };
        KafkaFailureHandler failure = new KafkaFailureHandler() {
            @Override
            public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record, Throwable reason, Metadata metadata) {
                return Uni.createFrom().voidItem();
            }
        };
        return new IncomingKafkaRecord<>(new ConsumerRecord<>(topic, partition, offset, key, value), "test", 0,
                commit, failure, false, false);
    }

    /** Feeds the records once, then again from the start as a re-joined consumer does. */
    void readTwice(List<IncomingKafkaRecord<String, String>> records) {
        for (int pass = 0; pass < 2; pass++) {
            for (IncomingKafkaRecord<String, String> r : records) {
                Uni<Void> done = switch (r.getTopic()) {
                    case Topics.HUBBLE_FLOWS -> updater.onFlow(r);
                    case Topics.MITIGATION_EVENTS -> updater.onMitigationEvent(r);
                    case Topics.MITIGATION_REQUESTS -> updater.onMitigationRequest(r);
                    case Topics.C2_ALERTS -> updater.onAlert(r);
                    default -> throw new IllegalArgumentException(r.getTopic());
                };
                done.await().atMost(Duration.ofSeconds(5));
            }
        }
    }

    @Test
    void anIncidentShowsEachStepOnceAfterATopicIsReadAgain() {
        String pod = "target-r";
        String key = Fixtures.NS + "/" + pod;
        MitigationRequest request = new MitigationRequest(MitigationRequest.SCHEMA_VERSION, "req-1",
                MitigationMode.APPLY, "cilium:quarantine", "D3-NTF", Target.pod(Fixtures.NS, pod), Map.of(), null,
                null, null, "orchestrator", T.plusSeconds(1));
        MitigationEvent applied = Fixtures.step(pod, null, "req-1", MitigationStatus.APPLIED, "cilium:quarantine",
                "D3-NTF", T.plusSeconds(2));
        MitigationEvent reverted = Fixtures.step(pod, null, "req-1", MitigationStatus.REVERTED, "cilium:quarantine",
                "D3-NTF", T.plusSeconds(3));
        readTwice(List.of(
                record(Topics.C2_ALERTS, 0, 0, key, Fixtures.alertJson(pod, "n1")),
                record(Topics.MITIGATION_REQUESTS, 0, 0, key, Contracts.MITIGATION_REQUEST.write(request)),
                record(Topics.MITIGATION_EVENTS, 0, 0, key, Fixtures.stepJson(applied)),
                record(Topics.MITIGATION_EVENTS, 0, 1, key, Fixtures.stepJson(reverted))));

        IncidentSnapshot incident = incidents.ofPod(key).orElseThrow();
        assertThat(incident.timeline()).extracting(TimelineEntry::kind)
                .containsExactly("alert", "request", "mitigation", "mitigation");
        // the re-read APPLIED must not quarantine again what was reverted
        assertThat(incident.quarantined()).isFalse();
        assertThat(incident.status()).isEqualTo(IncidentStatus.OPEN);
    }

    @Test
    void theFlowListIsNotDoubledAndStaysNewestFirst() {
        List<IncomingKafkaRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            records.add(record(Topics.HUBBLE_FLOWS, i % 2, i / 2, Fixtures.NS + "/target-f",
                    Fixtures.flowJson("target-f", "1.1.1." + i, "FORWARDED", false, T.plusSeconds(i))));
        }
        readTwice(records);
        List<FlowRecord> shown = flows.query(FlowQuery.ALL, Set.of(), 100);
        assertThat(shown).extracting(f -> f.destination().ip())
                .containsExactly("1.1.1.4", "1.1.1.3", "1.1.1.2", "1.1.1.1", "1.1.1.0");
    }

    @Test
    void theSameStepTwiceDirectlyIsStillOneLine() {
        String pod = "target-s";
        MitigationEvent applied = Fixtures.step(pod, null, "req-2", MitigationStatus.APPLIED, "cilium:quarantine",
                "D3-NTF", T);
        incidents.onMitigation(Fixtures.NS + "/" + pod, applied);
        incidents.onMitigation(Fixtures.NS + "/" + pod, applied);
        assertThat(incidents.ofPod(Fixtures.NS + "/" + pod).orElseThrow().timeline()).hasSize(1);
    }

    @Test
    void commandsStayNewestFirstWhenTheirOutcomesAreReadAgain() {
        List<SimulatorCommand> sent = new ArrayList<>();
        for (SimulatorCommandType type : List.of(SimulatorCommandType.RESET, SimulatorCommandType.DEPLOY,
                SimulatorCommandType.INFECT)) {
            SimulatorCommand command = new SimulatorCommand(SimulatorCommand.SCHEMA_VERSION, "cmd-" + type, type,
                    T, Fixtures.NS, null, null, null);
            sent.add(command);
            commands.sent(command, null);
        }
        List<io.c2intents.events.SimulatorEvent> outcomes = sent.stream().map(c -> Contracts.SIMULATOR_EVENT.read(
                Fixtures.simulatorDone(c.commandId(), c.type()))).toList();
        outcomes.forEach(commands::ended);
        commands.ended(outcomes.get(0)); // the first outcome's partition read again
        assertThat(commands.list(10)).extracting(CommandStatus::commandId)
                .containsExactly("cmd-INFECT", "cmd-DEPLOY", "cmd-RESET");
    }
}
