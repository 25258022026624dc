package io.c2intents.orchestrator.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The flow ring buffer keeps the newest flows only and answers newest first. */
class FlowViewTest {

    static FlowRecord flow(long seq, String pod, String verdict, String destination) {
        return new FlowRecord(seq, "c2-lab/" + pod, Instant.EPOCH.plusSeconds(seq), verdict,
                "DROPPED".equals(verdict) ? "POLICY_DENIED" : null, "ICMPv4",
                new FlowEndpoint("10.0.0." + seq, "c2-lab", pod, Map.of("app", pod.startsWith("target") ? "target" : "benign")),
                new FlowEndpoint(destination, null, null, Map.of("reserved:world", "")), "n1", false, null);
    }

    @Test
    void memoryIsBoundedTheOldestFlowsGoFirst() {
        FlowView view = new FlowView(3, 16);
        for (long i = 0; i < 5; i++) {
            view.add(flow(i, "target-a", "FORWARDED", "8.8.8.8"));
        }
        assertThat(view.size()).isEqualTo(3);
        assertThat(view.capacity()).isEqualTo(3);
        assertThat(view.query(FlowQuery.ALL, Set.of(), 10)).extracting(FlowRecord::seq).containsExactly(4L, 3L, 2L);
        assertThat(view.query(FlowQuery.ALL, Set.of(), 2)).extracting(FlowRecord::seq).containsExactly(4L, 3L);
    }

    @Test
    void filtersCombine() {
        FlowView view = new FlowView(100, 16);
        view.add(flow(1, "target-a", "FORWARDED", "8.8.8.8"));
        view.add(flow(2, "target-a", "DROPPED", "1.1.1.1"));
        view.add(flow(3, "benign-b", "FORWARDED", "8.8.8.8"));
        assertThat(view.query(new FlowQuery("c2-lab/target", null, null, null, null, false), Set.of(), 10))
                .extracting(FlowRecord::seq).containsExactly(2L, 1L);
        assertThat(view.query(new FlowQuery(null, "app=benign", "icmpv4", null, null, false), Set.of(), 10))
                .extracting(FlowRecord::seq).containsExactly(3L);
        assertThat(view.query(new FlowQuery(null, null, null, "dropped", "1.1.1.1", false), Set.of(), 10))
                .extracting(FlowRecord::seq).containsExactly(2L);
        assertThat(view.query(new FlowQuery(null, null, "tcp", null, null, false), Set.of(), 10)).isEmpty();
        assertThat(view.query(new FlowQuery(null, null, null, null, null, true), Set.of("c2-lab/benign-b"), 10))
                .extracting(FlowRecord::seq).containsExactly(3L);
        assertThat(view.query(new FlowQuery("other-ns/target", null, null, null, null, false), Set.of(), 10)).isEmpty();
    }

    @Test
    void theStreamCarriesOnlyMatchingNewFlows() {
        FlowView view = new FlowView(10, 16);
        view.add(flow(0, "target-a", "DROPPED", "1.1.1.1"));
        List<FlowRecord> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        view.stream(new FlowQuery(null, null, null, "DROPPED", null, false), Set::of).subscribe().with(seen::add);
        view.add(flow(1, "target-a", "FORWARDED", "8.8.8.8"));
        view.add(flow(2, "target-a", "DROPPED", "1.1.1.1"));
        assertThat(seen).extracting(FlowRecord::seq).containsExactly(2L);
    }
}
