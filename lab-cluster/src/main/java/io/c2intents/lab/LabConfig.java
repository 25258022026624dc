package io.c2intents.lab;

import io.c2intents.lab.clock.LabClock;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How to start a lab.
 *
 * @param host the address the API binds to (loopback by default: the lab has no authentication)
 * @param port the API port; 0 picks a free one (tests)
 * @param nodes how many virtual nodes ({@code lab-node-1..n})
 * @param ciliumCrdDir a folder with Cilium's CRD files; when given, policies are validated against their schema
 * @param clock the lab clock; null means real time, created and closed by the lab
 * @param relayPort the Hubble Relay gRPC port ({@code 4245}); 0 picks a free one (tests), -1 runs no relay
 * @param flowBufferCapacity the Hubble ring buffer's size, 2^n - 1 ({@code 4095} as Hubble's default)
 */
public record LabConfig(String host, int port, int nodes, Optional<Path> ciliumCrdDir, LabClock clock, int relayPort,
        int flowBufferCapacity) {

    /** The lab's API port when run as a process: {@code http://127.0.0.1:16443}. */
    public static final int DEFAULT_PORT = 16443;
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_NODES = 3;
    /** Hubble Relay's port: {@code hubble observe --server 127.0.0.1:4245}. */
    public static final int DEFAULT_RELAY_PORT = 4245;
    /** Hubble's default ring buffer size. */
    public static final int DEFAULT_FLOW_BUFFER = 4095;
    /** {@link #relayPort()} value for a lab without a relay (flows are still kept in {@code LabCluster.flows()}). */
    public static final int NO_RELAY = -1;

    public LabConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(ciliumCrdDir, "ciliumCrdDir");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, not " + port);
        }
        if (nodes < 1) {
            throw new IllegalArgumentException("a lab needs at least one node, not " + nodes);
        }
        if (relayPort < NO_RELAY || relayPort > 65_535) {
            throw new IllegalArgumentException("relay port must be 0..65535 (or -1 for none), not " + relayPort);
        }
        if (flowBufferCapacity < 1 || Integer.bitCount(flowBufferCapacity + 1) != 1) {
            throw new IllegalArgumentException("flow buffer capacity must be 2^n - 1 (e.g. 4095), not "
                    + flowBufferCapacity);
        }
    }

    /** The part-1 shape: relay on its default port, Hubble's default buffer. */
    public LabConfig(String host, int port, int nodes, Optional<Path> ciliumCrdDir, LabClock clock) {
        this(host, port, nodes, ciliumCrdDir, clock, DEFAULT_RELAY_PORT, DEFAULT_FLOW_BUFFER);
    }

    /** 127.0.0.1:16443, 3 nodes, built-in Cilium CRDs (no schema validation), real time. */
    public static LabConfig defaults() {
        return new LabConfig(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_NODES, Optional.empty(), null);
    }

    /** What tests use: free ports (API and relay), otherwise the defaults. */
    public static LabConfig forTests() {
        return defaults().withPort(0).withRelayPort(0);
    }

    public LabConfig withHost(String host) {
        return new LabConfig(host, port, nodes, ciliumCrdDir, clock, relayPort, flowBufferCapacity);
    }

    public LabConfig withPort(int port) {
        return new LabConfig(host, port, nodes, ciliumCrdDir, clock, relayPort, flowBufferCapacity);
    }

    public LabConfig withNodes(int nodes) {
        return new LabConfig(host, port, nodes, ciliumCrdDir, clock, relayPort, flowBufferCapacity);
    }

    public LabConfig withCiliumCrdDir(Path dir) {
        return new LabConfig(host, port, nodes, Optional.ofNullable(dir), clock, relayPort, flowBufferCapacity);
    }

    public LabConfig withClock(LabClock clock) {
        return new LabConfig(host, port, nodes, ciliumCrdDir, clock, relayPort, flowBufferCapacity);
    }

    public LabConfig withRelayPort(int relayPort) {
        return new LabConfig(host, port, nodes, ciliumCrdDir, clock, relayPort, flowBufferCapacity);
    }

    public LabConfig withFlowBufferCapacity(int flowBufferCapacity) {
        return new LabConfig(host, port, nodes, ciliumCrdDir, clock, relayPort, flowBufferCapacity);
    }
}
