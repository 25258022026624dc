package io.c2intents.observer.source;

import io.c2intents.hubble.json.HubbleJson;
import io.c2intents.observer.config.ObserverConfig;
import io.c2intents.observer.metrics.ObserverMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

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
