package io.c2intents.observer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Every setting of the observer ({@code observer.*}); profiles {@code %lab}/{@code %cluster} only change values. */
@ConfigMapping(prefix = "observer")
public interface ObserverConfig {

    /** Where flows come from: {@code relay} (Hubble Relay gRPC), {@code file} (a JSON export), {@code stdin}, {@code none}. */
    @WithDefault("relay")
    SourceKind source();

    /**
     * How far after both the service's clock and the newest flow accepted a flow's time may be; later flows are
     * refused (skipped by the sources, dead-lettered by the detector) as broken or forged.
     */
    @WithDefault("24h")
    Duration maxFlowTimeAhead();

    /** Hubble Relay settings, used when {@code source=relay}. */
    Relay relay();

    /** Hubble JSON export settings, used when {@code source=file} or {@code stdin}. */
    File file();

    enum SourceKind {
        RELAY, FILE, STDIN, NONE
    }

    enum Pace {
        /** As fast as Kafka takes them. */
        FAST,
        /** Spaced as the flow times in the file are (divided by {@code speed}). */
        CAPTURED
    }

    interface Relay {

        /** gRPC target of Hubble Relay, {@code host:port} (Relay listens on 4245; its Service on 80, or 443 with TLS). */
        @WithDefault("127.0.0.1:4245")
        String address();

        /** TLS towards Relay; off by default as in a default Cilium install. */
        Tls tls();

        /**
         * Hubble raw flow filters (JSON, as {@code hubble observe --print-raw-filters} prints them) a flow must match
         * one of; none = every flow. Indexed: {@code observer.relay.whitelist[0]={"protocol":["icmpv4"]}}.
         */
        Optional<List<String>> whitelist();

        /** Raw flow filters whose flows are left out, e.g. {@code {"source_pod":["kube-system/"]}}. */
        Optional<List<String>> blacklist();

        /** On the first connection, also ask for the flows of this past window (0 = only new flows). */
        @WithDefault("0s")
        Duration lookback();

        /** First wait before reconnecting after the stream broke; doubles up to {@code backoff-max}. */
        @WithDefault("500ms")
        Duration backoffInitial();

        /** Longest wait between two reconnection attempts. */
        @WithDefault("30s")
        Duration backoffMax();

        /** How many recent flow ids are remembered to drop the flows Relay sends again after a reconnect. */
        @WithDefault("100000")
        int dedupeCapacity();

        /**
         * How many messages a {@code GetFlows} call asks Relay for at once; more (half as many) only once Kafka took
         * half of them, so a slow broker slows the stream instead of filling memory. 1 = one at a time.
         */
        @WithDefault("512")
        int demandBatch();

        /**
         * gRPC keep-alive ping interval, so a dead Relay is noticed on an idle stream (0 = off). Go gRPC servers
         * refuse pings more often than every 5 minutes unless configured otherwise.
         */
        @WithDefault("5m")
        Duration keepAlive();
    }

    interface Tls {

        /** Connect with TLS. */
        @WithDefault("false")
        boolean enabled();

        /** PEM CA bundle that signed Relay's certificate (Cilium's hubble-relay-client-certs ca.crt); JVM trust store if unset. */
        Optional<Path> caCert();

        /** PEM client certificate, for Relay with mutual TLS. */
        Optional<Path> clientCert();

        /** PEM PKCS#8 private key of the client certificate. */
        Optional<Path> clientKey();

        /** Name to check Relay's certificate against when it differs from the address (e.g. {@code *.hubble-relay.cilium.io}). */
        Optional<String> serverName();
    }

    interface File {

        /** A Hubble JSON file ({@code hubble observe -o json > f}, exporter {@code events.log}) or a directory of rotated ones. */
        Optional<Path> path();

        /** Keep reading as the file grows and follow rotations (false: stop at the end). */
        @WithDefault("true")
        boolean follow();

        /** Replay speed: {@code fast} or {@code captured}. */
        @WithDefault("fast")
        Pace pace();

        /** With {@code pace=captured}, how many times faster than captured (2 = twice as fast). */
        @WithDefault("1.0")
        double speed();

        /** In a directory, only files whose name matches this glob are read. */
        @WithDefault("*")
        String glob();

        /** How often a followed file or directory is checked for new data. */
        @WithDefault("200ms")
        Duration pollInterval();

        /** Longest line (or pretty-printed object) accepted; longer ones are counted as errors and skipped. */
        @WithDefault("4194304")
        int maxLineBytes();
    }
}
