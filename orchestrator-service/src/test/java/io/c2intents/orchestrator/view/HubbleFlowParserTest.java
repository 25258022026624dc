package io.c2intents.orchestrator.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.c2intents.testsupport.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The flow view reads real Hubble exports ({@code ../shared/data/hubble-flows}) as {@code hubble observe -o json} prints them. */
class HubbleFlowParserTest {

    static List<String> lines(String file) throws IOException {
        return Files.readAllLines(SharedData.require("hubble-flows/" + file)).stream().filter(l -> !l.isBlank()).toList();
    }

    @Test
    void everyLineOfEveryCaptureParses() throws IOException {
        Path dir = SharedData.require("hubble-flows");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).toList()) {
                List<String> lines = lines(file.getFileName().toString());
                assertThat(lines).isNotEmpty();
                for (String line : lines) {
                    FlowRecord flow = HubbleFlowParser.parse(0, null, line);
                    assertThat(flow.time()).as(file + ": " + line).isNotNull();
                    assertThat(flow.verdict()).isNotBlank();
                }
            }
        }
    }

    @Test
    void anIcmpEchoFromTheKindCapture() throws IOException {
        FlowRecord request = HubbleFlowParser.parse(7, "k", lines("hubble-otel-kind-icmpv4-flows.jsonl").get(0));
        assertThat(request.seq()).isEqualTo(7);
        assertThat(request.time()).isEqualTo(Instant.parse("2021-11-10T10:41:26.095336300Z"));
        assertThat(request.verdict()).isEqualTo("FORWARDED");
        assertThat(request.protocol()).isEqualTo("ICMPv4");
        assertThat(request.source().ip()).isEqualTo("10.244.0.148");
        assertThat(request.source().labels()).containsKey("reserved:host");
        assertThat(request.destination().ip()).isEqualTo("10.244.0.160");
        assertThat(request.node()).isEqualTo("kind-control-plane");
        assertThat(request.reply()).isFalse();
        assertThat(request.summary()).isEqualTo("ICMPv4 EchoRequest");
        assertThat(HubbleFlowParser.parse(8, "k", lines("hubble-otel-kind-icmpv4-flows.jsonl").get(1)).reply()).isTrue();
    }

    @Test
    void podsNamespacesAndLabelsWithoutTheK8sPrefix() throws IOException {
        FlowRecord flow = HubbleFlowParser.parse(0, null, lines("hubble-otel-400-tcp-flows.jsonl").get(0));
        assertThat(flow.protocol()).isEqualTo("TCP");
        assertThat(flow.source().podKey()).isEqualTo("bookinfo/productpage-v1-6b746f74dc-9rcxx");
        assertThat(flow.source().labels()).containsEntry("app", "productpage").containsEntry("version", "v1");
        assertThat(flow.destination().podKey()).isEqualTo("bookinfo/reviews-v2-7bf8c9648f-r7bs2");
    }

    @Test
    void droppedFlowsKeepTheirReason() throws IOException {
        List<FlowRecord> dropped = lines("cilium-docs-exporter-events.jsonl").stream()
                .map(l -> HubbleFlowParser.parse(0, null, l)).filter(f -> "DROPPED".equals(f.verdict())).toList();
        assertThat(dropped).isNotEmpty();
        assertThat(dropped).allSatisfy(f -> assertThat(f.dropReason()).isNotBlank());
    }

    @Test
    void aBareFlowWithoutTheWrapperIsReadToo() {
        FlowRecord flow = HubbleFlowParser.parse(0, null,
                "{\"time\":\"2026-03-14T09:21:00Z\",\"verdict\":\"DROPPED\",\"drop_reason_desc\":\"POLICY_DENIED\","
                        + "\"IP\":{\"source\":\"10.0.0.1\",\"destination\":\"1.1.1.1\"},\"l4\":{\"ICMPv4\":{\"type\":8}}}");
        assertThat(flow.dropReason()).isEqualTo("POLICY_DENIED");
        assertThat(flow.destination().ip()).isEqualTo("1.1.1.1");
        assertThat(flow.source().podKey()).isNull();
    }

    @Test
    void whatIsNotAFlowIsRefusedNamingTheField() {
        assertThatThrownBy(() -> HubbleFlowParser.parse(0, null, "")).hasMessageStartingWith("$:");
        assertThatThrownBy(() -> HubbleFlowParser.parse(0, null, "{oops")).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> HubbleFlowParser.parse(0, null, "[1]")).hasMessageContaining("object");
        assertThatThrownBy(() -> HubbleFlowParser.parse(0, null, "{\"flow\":{\"verdict\":\"DROPPED\"}}"))
                .hasMessage("$.flow.time: is missing");
        assertThatThrownBy(() -> HubbleFlowParser.parse(0, null, "{\"flow\":{\"time\":\"yesterday\"}}"))
                .hasMessageStartingWith("$.flow.time: not an RFC 3339 time");
    }
}
