package io.c2intents.observer.source;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.google.protobuf.util.Timestamps;
import io.c2intents.hubble.json.EventKind;
import io.c2intents.hubble.json.FlowLine;
import io.c2intents.hubble.json.FlowLines;
import io.c2intents.hubble.json.HubbleJson;
import io.c2intents.hubble.json.HubbleJsonException;
import io.c2intents.hubble.json.HubbleTime;
import io.c2intents.hubble.observer.GetFlowsResponse;
import io.c2intents.observer.config.ObserverConfig;
import io.c2intents.observer.metrics.ObserverMetrics;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Flows from a Hubble JSON export: a file, a directory of rotated files (followed as they grow), or standard input.
 * Each line is published as read ({@code hubble-flows} then reads like the file), a bare flow of the old CLI format
 * wrapped as {@code {"flow":…,"node_name":…,"time":…}}. A line that is not Hubble JSON is counted and logged with
 * its file and line number, and reading goes on. Node status and lost events are counted, not published.
 */
public final class FileFlowSource implements FlowSource {

    /** Parse errors logged one by one before only every {@code LOG_EVERY}th is. */
    private static final int LOG_FIRST = 100;
    private static final int LOG_EVERY = 1000;

    private final ObserverConfig.File config;
    private final ObserverMetrics metrics;
    private final Path path;
    private final InputStream stdin;
    private final FlowTimeBound timeBound;
    private volatile SourceStatus status;
    private volatile String currentFile;
    private long errors;
    private long badTimes;
    /** The newest flow time emitted, for {@link FlowTimeBound}. */
    private long newestNanos = HubbleTime.NONE;

    private FileFlowSource(ObserverConfig.File config, ObserverMetrics metrics, Path path, InputStream stdin,
            FlowTimeBound timeBound) {
        this.config = config;
        this.timeBound = timeBound;
        this.metrics = metrics;
        this.path = path;
        this.stdin = stdin;
        this.status = SourceStatus.down("not started");
    }

    /** Reads {@code observer.file.path}. */
    public static FileFlowSource ofPath(ObserverConfig.File config, ObserverMetrics metrics) {
        return ofPath(config, metrics, FlowTimeBound.DEFAULT);
    }

    /** Reads {@code observer.file.path}, refusing flows later than the bound allows. */
    public static FileFlowSource ofPath(ObserverConfig.File config, ObserverMetrics metrics, FlowTimeBound bound) {
        Path path = config.path().orElseThrow(() -> new IllegalArgumentException(
                "observer.source=file needs observer.file.path (a Hubble JSON file or a directory of them)"));
        return new FileFlowSource(config, metrics, path, null, bound);
    }

    /** Reads a stream, e.g. {@code hubble observe -o json -f | java -jar observer.jar} with {@code source=stdin}. */
    public static FileFlowSource ofStream(ObserverConfig.File config, ObserverMetrics metrics, InputStream in) {
        return ofStream(config, metrics, in, FlowTimeBound.DEFAULT);
    }

    /** Reads a stream, refusing flows later than the bound allows. */
    public static FileFlowSource ofStream(ObserverConfig.File config, ObserverMetrics metrics, InputStream in,
            FlowTimeBound bound) {
        return new FileFlowSource(config, metrics, null, in, bound);
    }

    @Override
    public String name() {
        return path != null ? "file " + path : "stdin";
    }

    @Override
    public Multi<FlowRecord> flows() {
        return Pump.of("hubble-file-flows", this::run);
    }

    @Override
    public SourceStatus status() {
        return status;
    }

    @Override
    public void close() {
        // The pump thread owns the open file; cancelling the stream interrupts it, which closes the file.
    }

    private void run(Pump.Sink<FlowRecord> sink) throws IOException, InterruptedException {
        Pacer pacer = new Pacer(config.pace(), config.speed());
        if (path == null) {
            readStream(sink, pacer);
            return;
        }
        status = SourceStatus.down("waiting for " + path);
        FileTailer tailer = new FileTailer(path, config.glob(), config.follow(), config.pollInterval(),
                config.maxLineBytes());
        Reader reader = new Reader(sink, pacer);
        try {
            tailer.run(reader);
        } catch (IOException e) {
            status = SourceStatus.down("cannot read " + path + ": " + e);
            Log.errorf("Cannot read %s: %s", path, e.toString());
            return;
        }
        status = SourceStatus.up("replay of " + path + " finished");
        Log.infof("Finished reading %s", path);
    }

    private void readStream(Pump.Sink<FlowRecord> sink, Pacer pacer) throws IOException, InterruptedException {
        Reader reader = new Reader(sink, pacer);
        currentFile = "stdin";
        status = SourceStatus.up("reading standard input");
        LineSplitter splitter = new LineSplitter(config.maxLineBytes());
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = stdin.read(buffer)) > 0) {
            splitter.feed(buffer, 0, n, reader);
        }
        splitter.flush(reader);
        reader.finished(null);
        status = SourceStatus.up("standard input ended");
        Log.info("Standard input ended");
    }

    /** Lines of the current file through the assembler, then parsed and emitted. */
    private final class Reader implements FileTailer.Listener, LineAssembler.Records {
        private final Pump.Sink<FlowRecord> sink;
        private final Pacer pacer;
        private LineAssembler assembler = new LineAssembler(config.maxLineBytes());

        Reader(Pump.Sink<FlowRecord> sink, Pacer pacer) {
            this.sink = sink;
            this.pacer = pacer;
        }

        @Override
        public void opened(Path file) {
            currentFile = file.toString();
            assembler = new LineAssembler(config.maxLineBytes());
            status = SourceStatus.up("reading " + file);
            Log.infof("Reading Hubble flows from %s", file);
        }

        @Override
        public void finished(Path file) throws InterruptedException {
            assembler.end(this);
        }

        @Override
        public void line(long number, String text) throws InterruptedException {
            assembler.line(number, text, this);
        }

        @Override
        public void tooLong(long number, long bytes) {
            reportError(number, number, "line of " + bytes + " bytes is longer than observer.file.max-line-bytes");
        }

        @Override
        public void error(long firstLine, long lastLine, String reason) {
            reportError(firstLine, lastLine, reason);
        }

        @Override
        public void record(String text, long firstLine, long lastLine) throws InterruptedException {
            FlowLine line;
            try {
                line = FlowLines.read(text);
            } catch (HubbleJsonException e) {
                if (e.getMessage().startsWith("time '")) {
                    reportBadTime(firstLine, lastLine, e.getMessage()); // e.g. 2999, which nanos cannot hold
                } else {
                    reportError(firstLine, lastLine, e.getMessage());
                }
                return;
            }
            if (line.kind() != EventKind.FLOW) {
                nonFlow(line, text);
                return;
            }
            long time = line.flow().timeNanos() != HubbleTime.NONE ? line.flow().timeNanos() : line.timeNanos();
            String refusal = timeBound.refusal(time, newestNanos);
            if (refusal != null) {
                reportBadTime(firstLine, lastLine, refusal);
                return;
            }
            if (time != HubbleTime.NONE && (newestNanos == HubbleTime.NONE || time > newestNanos)) {
                newestNanos = time;
            }
            metrics.flowReceived();
            String value = line.bareFlow() ? wrap(text, line) : text;
            String origin = currentFile + ":" + firstLine;
            pacer.await(line.flow().timeNanos());
            sink.emit(new FlowRecord(line.flow().podKey(), value, line.flow().timeNanos(), origin));
        }

        private void nonFlow(FlowLine line, String text) {
            switch (line.kind()) {
                case LOST_EVENTS -> {
                    GetFlowsResponse parsed = HubbleJson.parse(text);
                    metrics.lostEvents(parsed.getLostEvents().getSource().name(), line.lostCount());
                    Log.warnf("%s: Hubble lost %d events (%s)", currentFile, line.lostCount(),
                            parsed.getLostEvents().getSource());
                }
                case NODE_STATUS -> {
                    GetFlowsResponse parsed = HubbleJson.parse(text);
                    metrics.nodeStatus(parsed.getNodeStatus().getStateChange().name());
                    Log.infof("%s: node status %s %s", currentFile, parsed.getNodeStatus().getStateChange(),
                            parsed.getNodeStatus().getNodeNamesList());
                }
                default -> metrics.otherEvent();
            }
        }
    }

    private void reportError(long firstLine, long lastLine, String reason) {
        metrics.parseError();
        errors++;
        if (errors <= LOG_FIRST || errors % LOG_EVERY == 0) {
            String where = firstLine == lastLine ? currentFile + ":" + firstLine
                    : currentFile + ":" + firstLine + "-" + lastLine;
            Log.warnf("%s: skipped, %s%s", where, reason,
                    errors == LOG_FIRST ? " (further errors are logged once every " + LOG_EVERY + ")" : "");
        }
    }

    private void reportBadTime(long firstLine, long lastLine, String reason) {
        metrics.badFlowTime();
        badTimes++;
        if (badTimes <= LOG_FIRST || badTimes % LOG_EVERY == 0) {
            String where = firstLine == lastLine ? currentFile + ":" + firstLine
                    : currentFile + ":" + firstLine + "-" + lastLine;
            Log.warnf("%s: skipped, %s%s", where, reason,
                    badTimes == LOG_FIRST ? " (further ones are logged once every " + LOG_EVERY + ")" : "");
        }
    }

    /** The response Relay would send for a bare flow, built around the line's own text so the flow is as read. */
    static String wrap(String bareFlow, FlowLine line) {
        StringBuilder json = new StringBuilder(bareFlow.length() + 96).append("{\"flow\":").append(bareFlow);
        if (!line.nodeName().isEmpty()) {
            json.append(",\"node_name\":\"").append(JsonStringEncoder.getInstance().quoteAsString(line.nodeName()))
                    .append('"');
        }
        if (line.timeNanos() != HubbleTime.NONE) {
            json.append(",\"time\":\"").append(Timestamps.toString(HubbleTime.toTimestamp(line.timeNanos())))
                    .append('"');
        }
        return json.append('}').toString();
    }
}
