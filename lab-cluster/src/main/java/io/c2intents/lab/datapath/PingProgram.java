package io.c2intents.lab.datapath;

import io.c2intents.lab.clock.LabClock;
import io.c2intents.lab.pod.PodRuntime;
import io.c2intents.lab.policy.Ipv4;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

/**
 * busybox {@code ping} on lab time: sends an ICMPv4 echo request every interval (1 s) through the {@link Datapath},
 * prints what busybox prints, and ends as busybox does: when {@code -c} requests are answered, or after the last
 * request when waiting no longer helps (two RTTs when some replies came, {@code -W} seconds, 10 by default, when none
 * did), or at the {@code -w} deadline. Exit code 0 when a reply came, 1 otherwise. Options may follow the address
 * ({@code ping 1.1.1.1 -c5}), as with busybox's getopt.
 */
final class PingProgram {

    /** Parsed command line. */
    record Options(String host, int count, Duration interval, int timeoutSeconds, int deadlineSeconds, int size,
            boolean quiet) {
    }

    private final Datapath datapath;
    private final PodRuntime pod;
    private final LabClock clock;
    private final Options options;
    private final int address;
    private final Output out;
    private final BooleanSupplier alive;
    private IntConsumer done;
    private int transmitted;
    private int received;
    /** Forwarded requests whose reply is still on its way: each will come (the lab loses no forwarded packet). */
    private int inFlight;
    private long minNanos = Long.MAX_VALUE;
    private long maxNanos;
    private long sumNanos;
    private boolean finished;
    private LabClock.Scheduled pendingSend;
    private LabClock.Scheduled pendingFinish;

    private PingProgram(Datapath datapath, LabClock clock, PodRuntime pod, Options options, Output out,
            BooleanSupplier alive) {
        this.datapath = datapath;
        this.pod = pod;
        this.clock = clock;
        this.options = options;
        this.address = (int) Ipv4.parseToLong(options.host());
        this.out = out;
        this.alive = alive;
    }

    /**
     * Parses busybox ping's arguments.
     *
     * @return the options, or an error message (busybox's wording) as a String
     */
    static Object parse(List<String> args) {
        String host = null;
        int count = 0;
        double interval = 1;
        int timeout = 10;
        int deadline = 0;
        int size = 56;
        boolean quiet = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.startsWith("-") && arg.length() > 1) {
                for (int j = 1; j < arg.length(); j++) {
                    char flag = arg.charAt(j);
                    if ("qnAm4".indexOf(flag) >= 0) {
                        quiet |= flag == 'q';
                        continue;
                    }
                    if ("cWwistIpQ".indexOf(flag) < 0) {
                        return "ping: unrecognized option: " + flag;
                    }
                    String value;
                    if (j + 1 < arg.length()) {
                        value = arg.substring(j + 1);
                    } else if (i + 1 < args.size()) {
                        value = args.get(++i);
                    } else {
                        return "ping: option requires an argument: " + flag;
                    }
                    try {
                        switch (flag) {
                            case 'c' -> count = Integer.parseInt(value);
                            case 'W' -> timeout = Integer.parseInt(value);
                            case 'w' -> deadline = Integer.parseInt(value);
                            case 'i' -> interval = Double.parseDouble(value);
                            case 's' -> size = Integer.parseInt(value);
                            default -> {
                                // -t TTL, -I IFACE, -p PATTERN, -Q TOS: accepted, no effect on the lab's packets
                            }
                        }
                    } catch (NumberFormatException e) {
                        return "ping: invalid number '" + value + "'";
                    }
                    if (count < 0 || timeout < 0 || deadline < 0 || size < 0 || size > 65_507 || !(interval >= 0)) {
                        return "ping: invalid number '" + value + "'";
                    }
                    break;
                }
            } else if (host == null) {
                host = arg;
            } else {
                return "BusyBox v1.36.1 multi-call binary.\n\nUsage: ping [OPTIONS] HOST";
            }
        }
        if (host == null) {
            return "BusyBox v1.36.1 multi-call binary.\n\nUsage: ping [OPTIONS] HOST";
        }
        // a zero interval would flood at one instant of lab time: 1 ms is the floor
        return new Options(host, count, Duration.ofNanos(Math.max(1_000_000L, (long) (interval * 1e9))), timeout, deadline, size, quiet);
    }

    /**
     * Runs ping with these arguments; {@code done} gets the exit code (never called when the pod goes first).
     */
    static void run(Datapath datapath, PodRuntime pod, List<String> args, Output out, Output err,
            BooleanSupplier alive, IntConsumer done) {
        run(datapath, datapath.clock(), pod, args, out, err, alive, done);
    }

    /** The same on another clock (an exec'd ping runs on its own stepped clock, see {@link Datapath}). */
    static void run(Datapath datapath, LabClock clock, PodRuntime pod, List<String> args, Output out, Output err,
            BooleanSupplier alive, IntConsumer done) {
        Object parsed = parse(args);
        if (parsed instanceof String error) {
            err.write(error + "\n");
            done.accept(1);
            return;
        }
        Options options = (Options) parsed;
        String host = options.host().equals("localhost") ? "127.0.0.1" : options.host();
        if (Ipv4.parseToLong(host) < 0) {
            // no DNS in the lab: a name does not resolve
            err.write("ping: bad address '" + options.host() + "'\n");
            done.accept(1);
            return;
        }
        PingProgram ping = new PingProgram(datapath, clock, pod, new Options(host, options.count(), options.interval(),
                options.timeoutSeconds(), options.deadlineSeconds(), options.size(), options.quiet()), out, alive);
        ping.done = done;
        ping.start();
    }

    private void start() {
        out.write("PING " + options.host() + " (" + options.host() + "): " + options.size() + " data bytes\n");
        if (options.deadlineSeconds() > 0) {
            clock.scheduleAfter(Duration.ofSeconds(options.deadlineSeconds()), this::finish);
        }
        send();
    }

    private void send() {
        if (finished || !alive.getAsBoolean()) {
            return;
        }
        Instant at = clock.now();
        int sequence = transmitted++;
        EchoResult result = datapath.echo(pod, address, options.host(), at);
        if (result.forwarded()) {
            inFlight++;
            clock.schedule(at.plus(result.rtt()), () -> {
                inFlight--;
                result.deliverReply().run();
                replied(sequence, result);
            });
        }
        if (options.count() == 0 || transmitted < options.count()) {
            pendingSend = clock.schedule(at.plus(options.interval()), this::send);
        } else if (received + inFlight < options.count()) {
            // some replies will never come: busybox waits 2 RTTs (at least 1 s) once some replies came, else -W
            // seconds. When every reply is on its way, the last one ends ping and no timer is needed.
            Duration expire = received > 0
                    ? Duration.ofSeconds(Math.max(1, (2 * maxNanos + 999_999_999L) / 1_000_000_000L))
                    : Duration.ofSeconds(options.timeoutSeconds());
            pendingFinish = clock.schedule(at.plus(expire), this::finish);
        }
    }

    private void replied(int sequence, EchoResult result) {
        if (finished || !alive.getAsBoolean()) {
            return;
        }
        received++;
        long nanos = result.rtt().toNanos();
        minNanos = Math.min(minNanos, nanos);
        maxNanos = Math.max(maxNanos, nanos);
        sumNanos += nanos;
        if (!options.quiet()) {
            out.write((options.size() + 8) + " bytes from " + options.host() + ": seq=" + sequence + " ttl="
                    + result.ttl() + " time=" + millis(nanos) + " ms\n");
        }
        if (options.count() > 0 && received >= options.count()) {
            finish();
        }
    }

    private void finish() {
        if (finished) {
            return;
        }
        finished = true;
        if (pendingSend != null) {
            pendingSend.cancel();
        }
        if (pendingFinish != null) {
            pendingFinish.cancel();
        }
        if (!alive.getAsBoolean()) {
            return;
        }
        StringBuilder stats = new StringBuilder();
        stats.append("\n--- ").append(options.host()).append(" ping statistics ---\n");
        stats.append(transmitted).append(" packets transmitted, ").append(received).append(" packets received, ");
        stats.append(transmitted == 0 ? 0 : (transmitted - received) * 100 / transmitted).append("% packet loss\n");
        if (received > 0) {
            stats.append("round-trip min/avg/max = ").append(millis(minNanos)).append('/')
                    .append(millis(sumNanos / received)).append('/').append(millis(maxNanos)).append(" ms\n");
        }
        out.write(stats.toString());
        done.accept(received > 0 ? 0 : 1);
    }

    /** busybox's {@code %u.%03u} of microseconds, without Formatter (this runs for every reply). */
    private static String millis(long nanos) {
        long micros = nanos / 1_000;
        long fraction = micros % 1_000;
        return (micros / 1_000) + (fraction < 10 ? ".00" : fraction < 100 ? ".0" : ".") + fraction;
    }
}
