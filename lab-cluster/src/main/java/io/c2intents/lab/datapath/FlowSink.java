package io.c2intents.lab.datapath;

import io.c2intents.hubble.flow.Flow;

/** Where the datapath's flows go: the lab's Hubble ring buffer, or a test's list. Called on the lab clock's thread. */
@FunctionalInterface
public interface FlowSink {

    void accept(Flow flow);
}
