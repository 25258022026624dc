package io.c2intents.testsupport;

import io.c2intents.events.Topics;
import io.quarkus.bootstrap.logging.InitialConfigurator;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Handler;
import org.jboss.logmanager.Level;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.jboss.logmanager.handlers.ConsoleHandler;

/**
 * The local broker of {@code scripts/kafka.sh}: a real single-node KRaft broker as its own process, on fixed
 * ports, with its data kept in a folder across restarts, and every topic created.
 *
 * <pre>java -cp … io.c2intents.testsupport.LocalKafka --data run/kafka/data [--port 9092] [--controller-port 9093]
 *     [--partitions 3]</pre>
 */
public final class LocalKafka {

    private LocalKafka() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path data = Path.of("run/kafka/data");
        int port = 9092;
        int controllerPort = 9093;
        int partitions = Topics.DEFAULT_PARTITIONS;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--data" -> data = Path.of(args[++i]);
                    case "--port" -> port = Integer.parseInt(args[++i]);
                    case "--controller-port" -> controllerPort = Integer.parseInt(args[++i]);
                    case "--partitions" -> partitions = Integer.parseInt(args[++i]);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
        } catch (RuntimeException e) {
            System.err.println("kafka: " + e.getMessage()
                    + "\nusage: LocalKafka --data DIR [--port 9092] [--controller-port 9093] [--partitions 3]");
            System.exit(2);
        }
        logWarningsToStderr();
        EmbeddedKafkaBroker broker;
        try {
            broker = EmbeddedKafkaBroker.start(data.toAbsolutePath(), port, controllerPort);
        } catch (EmbeddedKafkaBroker.PortInUseException e) {
            System.err.println("kafka: " + e.getMessage());
            System.exit(3);
            return;
        }
        List<String> created = TopicProvisioner.provision(broker.bootstrapServers(), partitions);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "kafka-stop"));
        System.out.println("kafka: ready on " + broker.bootstrapServers() + " (controller 127.0.0.1:"
                + broker.controllerPort() + "), data in " + broker.dataDir() + ", topics created now: "
                + (created.isEmpty() ? "none (all existed)" : String.join(",", created)));
        System.out.flush();
        stopped.await();
    }

    /**
     * Kafka logs through SLF4J to JBoss LogManager. On this classpath (quarkus-junit) Quarkus' bootstrap installs a
     * delayed handler on the root logger that holds every record until a Quarkus application configures logging,
     * which never happens in this plain main: the broker's errors were held in memory and never shown. Handing
     * that handler a console handler activates it (records held so far included), for WARN and above.
     */
    static void logWarningsToStderr() {
        ConsoleHandler console = new ConsoleHandler(ConsoleHandler.Target.SYSTEM_ERR,
                new PatternFormatter("%d{yyyy-MM-dd HH:mm:ss,SSS} %-5p [%c] (%t) %s%e%n"));
        console.setLevel(Level.WARN);
        InitialConfigurator.DELAYED_HANDLER.setHandlers(new Handler[] {console});
    }
}
