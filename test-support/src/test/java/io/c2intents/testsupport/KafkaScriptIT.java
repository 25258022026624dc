package io.c2intents.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.c2intents.events.Topics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/kafka.sh} as a user runs it: start, ready, stop, start again with the data, port in use; the
 * broker's own warnings in broker.log.
 */
class KafkaScriptIT {

    private static final Path SCRIPT = Path.of(System.getProperty("maven.multiModuleProjectDirectory",
            Path.of("..").toAbsolutePath().normalize().toString()), "scripts", "kafka.sh");

    @TempDir
    Path runDir;

    @AfterEach
    void stop() throws Exception {
        run("stop");
    }

    @Test
    void startsReportsReadyKeepsDataAcrossStopStartAndRefusesAPortInUse() throws Exception {
        int port = EmbeddedKafkaBroker.freePort();
        int controllerPort = EmbeddedKafkaBroker.freePort();
        Result first = run("start", "--port", "" + port, "--controller-port", "" + controllerPort);
        assertThat(first.exit).as(first.output).isZero();
        assertThat(first.output).contains("kafka: ready on 127.0.0.1:" + port).contains("hubble-flows");
        assertThat(run("status").output).contains("running");

        String bootstrap = "127.0.0.1:" + port;
        produce(bootstrap, "c2-lab/target-1", "kept across restarts");
        assertThat(run("stop").output).contains("stopped");
        assertThat(run("status").exit).isEqualTo(3);

        Result second = run("start", "--port", "" + port, "--controller-port", "" + controllerPort);
        assertThat(second.exit).as(second.output).isZero();
        assertThat(second.output).contains("topics created now: none");
        assertThat(consumeFirst(bootstrap).value()).isEqualTo("kept across restarts");
        run("stop");

        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            Result refused = run("start", "--port", "" + taken.getLocalPort(), "--controller-port",
                    "" + controllerPort);
            assertThat(refused.exit).isNotZero();
            assertThat(refused.output).contains("port " + taken.getLocalPort()).contains("already in use");
        }
    }

    @Test
    void theBrokersOwnWarningsReachBrokerLog() throws Exception {
        int port = EmbeddedKafkaBroker.freePort();
        Result started = run("start", "--port", "" + port, "--controller-port", "" + EmbeddedKafkaBroker.freePort());
        assertThat(started.exit).as(started.output).isZero();

        // a request whose size field is negative: the broker's network layer logs a WARN and closes the connection
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
            socket.getOutputStream().flush();
            socket.setSoTimeout(30_000);
            try {
                socket.getInputStream().read(); // the broker closes the connection: end of stream or a reset
            } catch (IOException closed) {
                // reset: closed as well
            }
        }

        Path log = runDir.resolve("kafka/broker.log");
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Files.readString(log))
                .contains("kafka: ready")
                .containsPattern("WARN +\\[org\\.apache\\.kafka\\.common\\.network\\.Selector\\].*Unexpected error")
                .contains("InvalidReceiveException"));
        // WARN and above only: a start logs hundreds of INFO lines
        assertThat(Files.readString(log)).doesNotContain(" INFO ");
    }

    private record Result(int exit, String output) {
    }

    private Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("C2_RUN_DIR", runDir.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("scripts/kafka.sh " + String.join(" ", args) + " did not end: " + out);
        }
        return new Result(p.exitValue(), out);
    }

    private static void produce(String bootstrap, String key, String value) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>(Topics.C2_ALERTS, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    private static ConsumerRecord<String, String> consumeFirst(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "script-check");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(Topics.C2_ALERTS));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    return r;
                }
            }
        }
        throw new AssertionError("nothing read back from " + bootstrap);
    }
}
