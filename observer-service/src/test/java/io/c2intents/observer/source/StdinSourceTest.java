package io.c2intents.observer.source;

import com.google.protobuf.Timestamp;
import io.c2intents.hubble.json.HubbleJson;
import io.c2intents.hubble.json.HubbleTime;
import io.c2intents.observer.config.ObserverConfig;
import io.c2intents.observer.metrics.ObserverMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/** The stream source (stdin) on its own: lines in, flow records out, the stream completes when the input ends. */
class StdinSourceTest {

    @Test
    void readsAStreamToItsEndIncludingALastLineWithoutNewline() {
        TestFlows flows = new TestFlows();
        String first = HubbleJson.write(flows.flow(1));
        String input = "\uFEFF" + first + "\r\n\r\n{\"flow\":{\"IP\":\n"
                + "{\n  \"flow\": {\"source\": {\"namespace\": \"a\", \"pod_name\": \"b\"}}\n}\n"
                + HubbleJson.writeBare(flows.flow(2));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ObserverMetrics metrics = new ObserverMetrics(registry);
        FileFlowSource source = FileFlowSource.ofStream(settings(), metrics,
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));

        List<FlowRecord> records = source.flows().collect().asList().await().atMost(Duration.ofSeconds(10));

        assertThat(records).extracting(FlowRecord::key).containsExactly(flows.key(1), "a/b", flows.key(2));
        assertThat(records.get(0).value()).isEqualTo(first);
        assertThat(records.get(1).value()).isEqualTo("{\"flow\":{\"source\":{\"namespace\":\"a\",\"pod_name\":\"b\"}}}");
        assertThat(records.get(2).value()).startsWith("{\"flow\":{");
        assertThat(records).extracting(FlowRecord::origin).containsExactly("stdin:1", "stdin:4", "stdin:7");
        assertThat(metrics.parseErrorCount()).as("the truncated line 3").isEqualTo(1);
        assertThat(source.status().up()).isTrue();
    }

    /**
     * A flow from 2999 (nanoseconds in a long cannot hold it; it used to wrap round to 1829) and one from 2100 (more
     * than a day after the clock and the newest flow) are skipped, counted and logged with their line; the flows
     * around them are published.
     */
    @Test
    void flowsWhoseTimeCannotBeRepresentedOrIsFarAheadAreSkippedCountedAndLogged() {
        TestFlows flows = new TestFlows();
        Timestamp y2999 = Timestamp.newBuilder().setSeconds(Instant.parse("2999-01-01T00:00:00Z").getEpochSecond())
                .build();
        Timestamp y2100 = Timestamp.newBuilder().setSeconds(Instant.parse("2100-01-01T00:00:00Z").getEpochSecond())
                .build();
        String input = String.join("\n", HubbleJson.write(flows.flow(1)),
                HubbleJson.write(flows.flow(2).toBuilder().setTime(y2999).build()),
                HubbleJson.writeBare(flows.flow(3).toBuilder().setTime(y2100).build()),
                HubbleJson.write(flows.flow(4))) + "\n";
        ObserverMetrics metrics = new ObserverMetrics(new SimpleMeterRegistry());
        FileFlowSource source = FileFlowSource.ofStream(settings(), metrics,
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        List<String> warnings = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                warnings.add(record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(FileFlowSource.class.getName());
        logger.addHandler(capture);
        List<FlowRecord> records;
        try {
            records = source.flows().collect().asList().await().atMost(Duration.ofSeconds(10));
        } finally {
            logger.removeHandler(capture);
        }

        assertThat(records).extracting(FlowRecord::key).containsExactly(flows.key(1), flows.key(4));
        assertThat(metrics.badFlowTimeCount()).isEqualTo(2);
        assertThat(metrics.parseErrorCount()).isZero();
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("stdin:2: skipped")
                .contains("time '2999-01-01T00:00:00Z' is outside the range"));
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("stdin:3: skipped")
                .contains("flow time 2100-01-01T00:00:00Z is more than PT24H"));
    }

    /** The bound is relative to the later of the clock and the newest flow, so a lab clock running fast still works. */
    @Test
    void theFutureBoundFollowsTheNewestAcceptedFlowAsWellAsTheClock() {
        Instant now = Instant.parse("2026-12-04T10:00:00Z");
        FlowTimeBound bound = new FlowTimeBound(Duration.ofHours(24), Clock.fixed(now, ZoneOffset.UTC));
        long none = HubbleTime.NONE;
        assertThat(bound.refusal(HubbleTime.toNanos(now.plus(Duration.ofHours(23))), none)).isNull();
        assertThat(bound.refusal(HubbleTime.toNanos(now.minus(Duration.ofDays(3650))), none)).as("replays").isNull();
        assertThat(bound.refusal(HubbleTime.toNanos(now.plus(Duration.ofHours(25))), none)).contains("PT24H");
        long labAhead = HubbleTime.toNanos(now.plus(Duration.ofDays(3)));
        assertThat(bound.refusal(labAhead + 3_600_000_000_000L, labAhead)).isNull();
        assertThat(bound.refusal(labAhead + Duration.ofHours(25).toNanos(), labAhead))
                .contains("after the newest flow accepted");
    }

    private static ObserverConfig.File settings() {
        return new ObserverConfig.File() {
            @Override
            public Optional<Path> path() {
                return Optional.empty();
            }

            @Override
            public boolean follow() {
                return false;
            }

            @Override
            public ObserverConfig.Pace pace() {
                return ObserverConfig.Pace.FAST;
            }

            @Override
            public double speed() {
                return 1;
            }

            @Override
            public String glob() {
                return "*";
            }

            @Override
            public Duration pollInterval() {
                return Duration.ofMillis(50);
            }

            @Override
            public int maxLineBytes() {
                return 1 << 20;
            }
        };
    }
}
