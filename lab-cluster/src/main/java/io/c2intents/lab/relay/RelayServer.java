package io.c2intents.lab.relay;

import io.c2intents.lab.clock.LabClock;
import io.c2intents.lab.controller.LabNode;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The lab's Hubble Relay: a plain-text gRPC server (grpc-java on Netty) serving {@code observer.Observer} from a
 * {@link FlowRing}, on port 4245 by default, so {@code hubble observe --server 127.0.0.1:4245} and the observer's
 * Relay client read the lab as they read a cluster.
 */
public final class RelayServer implements AutoCloseable {

    /** Hubble Relay's port. */
    public static final int DEFAULT_PORT = 4245;

    private final Server server;
    private final ScheduledExecutorService executor;
    private final String host;

    private RelayServer(Server server, ScheduledExecutorService executor, String host) {
        this.server = server;
        this.executor = executor;
        this.host = host;
    }

    /** Starts listening on {@code host:port} (port 0 picks a free one). */
    public static RelayServer start(String host, int port, FlowRing ring, List<LabNode> nodes, LabClock clock) {
        AtomicInteger threads = new AtomicInteger();
        ScheduledExecutorService executor = Executors.newScheduledThreadPool(
                Math.max(2, Runtime.getRuntime().availableProcessors()),
                runnable -> {
                    Thread thread = new Thread(runnable, "lab-relay-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
                .addService(new ObserverService(ring, nodes, clock, executor))
                .executor(executor)
                // the observer pings every 5 minutes on idle streams; allow clients that ping more eagerly
                .permitKeepAliveTime(10, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true)
                .build();
        try {
            server.start();
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("cannot start the lab's Hubble Relay on " + host + ":" + port, e);
        }
        return new RelayServer(server, executor, host);
    }

    public int port() {
        return server.getPort();
    }

    /** {@code host:port}, the form the observer's {@code observer.relay.address} and {@code hubble --server} take. */
    public String address() {
        return host + ":" + port();
    }

    @Override
    public void close() {
        server.shutdownNow();
        try {
            server.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
    }
}
