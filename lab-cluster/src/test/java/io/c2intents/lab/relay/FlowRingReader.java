package io.c2intents.lab.relay;

import io.c2intents.hubble.flow.Flow;
import java.util.ArrayList;
import java.util.List;

/** Test access to the ring's contents without going through gRPC. */
public final class FlowRingReader {

    private FlowRingReader() {
    }

    public static List<Flow> all(FlowRing ring) {
        List<Flow> flows = new ArrayList<>();
        for (long sequence = ring.tail(); sequence < ring.head(); sequence++) {
            FlowRing.Entry entry = ring.read(sequence);
            if (entry != null) {
                flows.add(entry.flow());
            }
        }
        return flows;
    }
}
