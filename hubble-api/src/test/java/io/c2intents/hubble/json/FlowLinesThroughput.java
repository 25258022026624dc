package io.c2intents.hubble.json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Measures {@link FlowLines#read} and {@link FlowKeys} on the real captures (not a test: run it by hand, e.g.
 * {@code java -cp target/classes:target/test-classes:<deps> io.c2intents.hubble.json.FlowLinesThroughput
 * ../../shared/data/hubble-flows}). The detector needs at least 50,000 flows/s on two cores.
 */
public final class FlowLinesThroughput {

    private FlowLinesThroughput() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "../../shared/data/hubble-flows");
        List<String> lines;
        try (var files = Files.list(dir)) {
            lines = files.filter(f -> f.toString().endsWith(".jsonl")).sorted().flatMap(f -> {
                try {
                    return Files.readAllLines(f).stream();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).filter(l -> !l.isBlank()).toList();
        }
        long bytes = lines.stream().mapToLong(String::length).sum();
        int rounds = Integer.getInteger("rounds", 1_000);
        long sink = 0;
        for (int warm = 0; warm < rounds / 4; warm++) {
            for (String line : lines) {
                sink += FlowLines.read(line).flow().podKey().length();
            }
        }
        long start = System.nanoTime();
        for (int round = 0; round < rounds; round++) {
            for (String line : lines) {
                sink += FlowLines.read(line).flow().podKey().length();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long flows = (long) rounds * lines.size();
        System.out.printf("FlowLines.read + podKey: %,d flows (avg %d bytes) in %.2f s = %,.0f flows/s on one thread"
                        + " (sink %d)%n", flows, bytes / lines.size(), seconds, flows / seconds, sink);
        start = System.nanoTime();
        int protoRounds = Math.max(1, rounds / 10);
        for (int round = 0; round < protoRounds; round++) {
            for (String line : lines) {
                sink += HubbleJson.parse(line).getFlow().getNodeName().length();
            }
        }
        seconds = (System.nanoTime() - start) / 1e9;
        flows = (long) protoRounds * lines.size();
        System.out.printf("HubbleJson.parse (protobuf): %,d flows in %.2f s = %,.0f flows/s (sink %d)%n", flows,
                seconds, flows / seconds, sink);
    }
}
