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
 */
public record LabConfig(String host, int port, int nodes, Optional<Path> ciliumCrdDir, LabClock clock) {

    /** The lab's API port when run as a process: {@code http://127.0.0.1:16443}. */
    public static final int DEFAULT_PORT = 16443;
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_NODES = 3;

    public LabConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(ciliumCrdDir, "ciliumCrdDir");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, not " + port);
        }
        if (nodes < 1) {
            throw new IllegalArgumentException("a lab needs at least one node, not " + nodes);
        }
    }

    /** 127.0.0.1:16443, 3 nodes, built-in Cilium CRDs (no schema validation), real time. */
    public static LabConfig defaults() {
        return new LabConfig(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_NODES, Optional.empty(), null);
    }

    /** What tests use: a free port, otherwise the defaults. */
    public static LabConfig forTests() {
        return defaults().withPort(0);
    }

    public LabConfig withHost(String host) {
        return new LabConfig(host, port, nodes, ciliumCrdDir, clock);
    }

    public LabConfig withPort(int port) {
        return new LabConfig(host, port, nodes, ciliumCrdDir, clock);
    }

    public LabConfig withNodes(int nodes) {
        return new LabConfig(host, port, nodes, ciliumCrdDir, clock);
    }

    public LabConfig withCiliumCrdDir(Path dir) {
        return new LabConfig(host, port, nodes, Optional.ofNullable(dir), clock);
    }

    public LabConfig withClock(LabClock clock) {
        return new LabConfig(host, port, nodes, ciliumCrdDir, clock);
    }
}
