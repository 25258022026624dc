package io.c2intents.lab.datapath;

import io.c2intents.lab.clock.LabClock;
import io.c2intents.lab.shell.ExecResult;
import io.c2intents.lab.shell.Shell;
import io.c2intents.lab.shell.ShellParser;
import io.c2intents.lab.shell.ShellParser.AndOr;
import io.c2intents.lab.shell.ShellParser.Command;
import io.c2intents.lab.shell.ShellParser.Pipeline;
import io.c2intents.lab.shell.ShellParser.Redirect;
import io.c2intents.lab.shell.ShellParser.Word;
import io.c2intents.lab.shell.ShellSyntaxException;
import io.c2intents.lab.shell.ShellTokenizer;
import io.c2intents.lab.vfs.VfsException;
import io.c2intents.lab.vfs.VirtualFileSystem;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * Runs a pod's shell programs on lab time: the container's {@code sh -c "crond; while true; do ping -c 1 8.8.8.8;
 * sleep 5; done"} and crond's jobs. It understands what such scripts are made of: {@code ;}, {@code &&}, {@code ||},
 * {@code |}, {@code !}, {@code while}/{@code until} loops, redirections ({@code >}, {@code >>}, {@code 2>&1}), and
 * the programs that take time or traffic ({@code ping}, {@code sleep}, {@code crond}, nested {@code sh -c}). The
 * busybox commands part 1 implements ({@code echo}, {@code cat}, ...) run through its {@link Shell}; any other program
 * runs silently (exit 0), as the lab cannot know what it does.
 * <p>
 * Execution is continuation-passing on the lab clock: a program that takes time schedules its continuation, so a
 * stepped clock runs everything due, deterministically, on the stepping thread.
 */
final class ScriptRunner {

    private static final Set<String> SHELLS = Set.of("sh", "ash", "bash");
    private static final Set<String> UNSUPPORTED_KEYWORDS = Set.of("do", "done", "if", "then", "else", "elif", "fi",
            "for", "case", "esac", "{", "}", "(", ")");

    /** Standard output and error of a command. */
    record Io(Output out, Output err) {
    }

    private sealed interface Node permits Plain, Loop {
    }

    private record Plain(AndOr andOr) implements Node {
    }

    private record Loop(boolean until, List<Node> condition, List<Node> body) implements Node {
    }

    private final PodPrograms host;
    private final Datapath datapath;
    private final LabClock clock;
    private final Shell shell;

    ScriptRunner(PodPrograms host, Datapath datapath) {
        this.host = host;
        this.datapath = datapath;
        this.clock = datapath.clock();
        this.shell = new Shell(host.pod().fileSystem(), host.pod().processes(), datapath.commands(),
                host.pod().name());
    }

    /** Runs {@code argv} as a container runtime starts it (no shell unless argv is {@code sh -c ...}). */
    void runArgv(List<String> argv, Io io, IntConsumer done) {
        List<Word> words = argv.stream().map(text -> new Word(text, false)).toList();
        runCommand(new Command(words, List.of()), io, done);
    }

    /** Runs {@code script} as {@code sh -c script}. */
    void runScript(String script, Io io, IntConsumer done) {
        List<Node> nodes;
        try {
            nodes = structure(ShellParser.parse(ShellTokenizer.tokenize(script, shell.env())));
        } catch (ShellSyntaxException e) {
            io.err().write("sh: syntax error: " + e.getMessage() + "\n");
            done.accept(2);
            return;
        }
        runNodes(nodes, 0, 0, io, done);
    }

    // --- structure: while/until loops over the flat and-or lists the part-1 parser gives ----------------------------

    private static List<Node> structure(List<AndOr> script) throws ShellSyntaxException {
        List<AndOr> items = new ArrayList<>(script);
        int[] index = {0};
        List<Node> nodes = block(items, index, null);
        if (index[0] < items.size()) {
            throw new ShellSyntaxException("unexpected \"" + firstWord(items.get(index[0])) + "\"");
        }
        return nodes;
    }

    private static List<Node> block(List<AndOr> items, int[] index, String terminator) throws ShellSyntaxException {
        List<Node> nodes = new ArrayList<>();
        while (index[0] < items.size()) {
            AndOr item = items.get(index[0]);
            String first = firstWord(item);
            if (first != null && first.equals(terminator)) {
                return nodes;
            }
            if ("while".equals(first) || "until".equals(first)) {
                strip(items, index);
                List<Node> condition = block(items, index, "do");
                if (index[0] >= items.size()) {
                    throw new ShellSyntaxException("unexpected end of file (expecting \"do\")");
                }
                strip(items, index);
                List<Node> body = block(items, index, "done");
                if (index[0] >= items.size()) {
                    throw new ShellSyntaxException("unexpected end of file (expecting \"done\")");
                }
                strip(items, index);
                nodes.add(new Loop("until".equals(first), condition, body));
                continue;
            }
            if (first != null && UNSUPPORTED_KEYWORDS.contains(first)) {
                throw new ShellSyntaxException("unexpected \"" + first + "\" (the lab's shell knows while/until loops)");
            }
            if (!isEmpty(item)) {
                nodes.add(new Plain(item));
            }
            index[0]++;
        }
        return nodes;
    }

    /** Removes the first word of the current item (a keyword); drops the item when nothing is left. */
    private static void strip(List<AndOr> items, int[] index) {
        AndOr item = items.get(index[0]);
        Pipeline pipeline = item.pipelines().get(0);
        Command command = pipeline.commands().get(0);
        List<Word> words = command.words().subList(1, command.words().size());
        if (words.isEmpty() && command.redirects().isEmpty() && pipeline.commands().size() == 1
                && item.pipelines().size() == 1) {
            index[0]++;
            return;
        }
        List<Command> commands = new ArrayList<>(pipeline.commands());
        commands.set(0, new Command(List.copyOf(words), command.redirects()));
        List<Pipeline> pipelines = new ArrayList<>(item.pipelines());
        pipelines.set(0, new Pipeline(commands, pipeline.negated()));
        items.set(index[0], new AndOr(pipelines, item.ops()));
    }

    private static String firstWord(AndOr item) {
        List<Word> words = item.pipelines().get(0).commands().get(0).words();
        return words.isEmpty() ? null : words.get(0).text();
    }

    private static boolean isEmpty(AndOr item) {
        Command command = item.pipelines().get(0).commands().get(0);
        return item.pipelines().size() == 1 && item.pipelines().get(0).commands().size() == 1
                && command.words().isEmpty() && command.redirects().isEmpty();
    }

    // --- execution ----------------------------------------------------------------------------------------------

    private void runNodes(List<Node> nodes, int index, int lastCode, Io io, IntConsumer done) {
        if (!host.alive()) {
            return;
        }
        if (index >= nodes.size()) {
            done.accept(lastCode);
            return;
        }
        Node node = nodes.get(index);
        IntConsumer next = code -> runNodes(nodes, index + 1, code, io, done);
        if (node instanceof Plain plain) {
            runAndOr(plain.andOr(), 0, 0, io, next);
        } else {
            runLoop((Loop) node, 0, io, next);
        }
    }

    private void runLoop(Loop loop, int lastBodyCode, Io io, IntConsumer done) {
        Instant started = clock.now();
        runNodes(loop.condition(), 0, 0, io, condition -> {
            boolean again = loop.until() ? condition != 0 : condition == 0;
            if (!again) {
                done.accept(lastBodyCode);
                return;
            }
            runNodes(loop.body(), 0, 0, io, code -> {
                if (clock.now().equals(started)) {
                    // a body that took no lab time would spin the clock's thread forever: yield a lab second instead
                    clock.schedule(started.plusSeconds(1), () -> runLoop(loop, code, io, done));
                } else {
                    // lab time passed, so this runs from a clock task with a short stack: go on directly
                    runLoop(loop, code, io, done);
                }
            });
        });
    }

    private void runAndOr(AndOr andOr, int index, int lastCode, Io io, IntConsumer done) {
        if (index >= andOr.pipelines().size()) {
            done.accept(lastCode);
            return;
        }
        if (index > 0) {
            String op = andOr.ops().get(index - 1);
            boolean run = op.equals("&&") ? lastCode == 0 : lastCode != 0;
            if (!run) {
                runAndOr(andOr, index + 1, lastCode, io, done);
                return;
            }
        }
        Pipeline pipeline = andOr.pipelines().get(index);
        runPipeline(pipeline, 0, io, code -> {
            int result = pipeline.negated() ? (code == 0 ? 1 : 0) : code;
            runAndOr(andOr, index + 1, result, io, done);
        });
    }

    /** Pipes are run one stage after the other; only the last stage's output is the pipeline's. */
    private void runPipeline(Pipeline pipeline, int index, Io io, IntConsumer done) {
        List<Command> commands = pipeline.commands();
        if (index == commands.size() - 1) {
            runCommand(commands.get(index), io, done);
            return;
        }
        StringBuilder piped = new StringBuilder();
        Io stage = new Io(piped::append, io.err());
        runCommand(commands.get(index), stage, code -> runPipeline(pipeline, index + 1, io, done));
    }

    private void runCommand(Command command, Io inherited, IntConsumer done) {
        Io io;
        try {
            io = redirect(command.redirects(), inherited);
        } catch (CannotRedirect e) {
            inherited.err().write("sh: can't create " + e.getMessage() + ": nonexistent directory\n");
            done.accept(1);
            return;
        }
        List<String> argv = new ArrayList<>();
        for (Word word : command.words()) {
            argv.add(word.text());
        }
        // leading NAME=value assignments and exec/nohup only change how the program starts
        while (!argv.isEmpty() && (isAssignment(argv.get(0)) || argv.get(0).equals("exec")
                || argv.get(0).equals("nohup"))) {
            argv.remove(0);
        }
        if (argv.isEmpty()) {
            done.accept(0);
            return;
        }
        String program = argv.get(0).substring(argv.get(0).lastIndexOf('/') + 1);
        List<String> args = argv.subList(1, argv.size());
        switch (program) {
            case "true", ":" -> done.accept(0);
            case "false" -> done.accept(1);
            case "sleep" -> sleep(args, io, done);
            case "ping" -> PingProgram.run(datapath, host.pod(), args, io.out(), io.err(), host::alive, done);
            case "crond" -> {
                host.startCrond();
                if (args.contains("-f")) {
                    return; // foreground: this program never ends while the pod runs
                }
                done.accept(0);
            }
            default -> {
                if (SHELLS.contains(program)) {
                    shell(args, io, done);
                } else if (datapath.commands().find(program).isPresent()) {
                    ExecResult result = shell.exec(argv, "");
                    io.out().write(result.stdout());
                    io.err().write(result.stderr());
                    done.accept(result.exitCode());
                } else {
                    done.accept(0);
                }
            }
        }
    }

    /** {@code NAME=value}: a name of letters, digits and underscores, not starting with a digit. */
    private static boolean isAssignment(String word) {
        int equals = word.indexOf('=');
        if (equals <= 0 || Character.isDigit(word.charAt(0))) {
            return false;
        }
        for (int i = 0; i < equals; i++) {
            char c = word.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_') || c > 127) {
                return false;
            }
        }
        return true;
    }

    private void shell(List<String> args, Io io, IntConsumer done) {
        int c = args.indexOf("-c");
        if (c >= 0 && c + 1 < args.size()) {
            runScript(args.get(c + 1), io, done);
            return;
        }
        if (!args.isEmpty() && !args.get(0).startsWith("-")) {
            VirtualFileSystem fs = host.pod().fileSystem();
            try {
                runScript(fs.read(VirtualFileSystem.normalize(shell.cwd(), args.get(0))), io, done);
            } catch (VfsException e) {
                io.err().write("sh: can't open '" + args.get(0) + "': No such file or directory\n");
                done.accept(2);
            }
            return;
        }
        // an interactive shell with no terminal reads nothing and waits: it never ends
    }

    private void sleep(List<String> args, Io io, IntConsumer done) {
        if (args.isEmpty()) {
            io.err().write("BusyBox v1.36.1 multi-call binary.\n\nUsage: sleep [N]...\n");
            done.accept(1);
            return;
        }
        long nanos = 0;
        for (String arg : args) {
            if (arg.equals("infinity")) {
                return; // never ends
            }
            Long parsed = sleepNanos(arg);
            if (parsed == null) {
                io.err().write("sleep: invalid number '" + arg + "'\n");
                done.accept(1);
                return;
            }
            nanos += parsed;
        }
        clock.schedule(clock.now().plus(Duration.ofNanos(nanos)), () -> {
            if (host.alive()) {
                done.accept(0);
            }
        });
    }

    private static Long sleepNanos(String arg) {
        String text = arg.toLowerCase(Locale.ROOT);
        double unit = 1;
        char last = text.isEmpty() ? ' ' : text.charAt(text.length() - 1);
        switch (last) {
            case 's' -> text = text.substring(0, text.length() - 1);
            case 'm' -> {
                unit = 60;
                text = text.substring(0, text.length() - 1);
            }
            case 'h' -> {
                unit = 3600;
                text = text.substring(0, text.length() - 1);
            }
            case 'd' -> {
                unit = 86_400;
                text = text.substring(0, text.length() - 1);
            }
            default -> {
            }
        }
        try {
            double seconds = Double.parseDouble(text) * unit;
            return seconds < 0 || Double.isNaN(seconds) ? null : (long) (seconds * 1e9);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private Io redirect(List<Redirect> redirects, Io io) throws CannotRedirect {
        Output out = io.out();
        Output err = io.err();
        VirtualFileSystem fs = host.pod().fileSystem();
        for (Redirect redirect : redirects) {
            if (redirect.op().equals("<")) {
                continue;
            }
            Output target;
            if (redirect.op().equals(">&")) {
                target = redirect.target().equals("2") ? err : out;
            } else {
                String path = VirtualFileSystem.normalize(shell.cwd(), redirect.target());
                if (path.equals("/dev/null")) {
                    target = Output.NULL;
                } else if (path.equals("/dev/stdout") || path.equals("/proc/1/fd/1")) {
                    target = io.out();
                } else if (path.equals("/dev/stderr") || path.equals("/proc/1/fd/2")) {
                    target = io.err();
                } else {
                    try {
                        if (redirect.op().equals(">")) {
                            fs.write(path, "");
                        } else {
                            fs.append(path, "");
                        }
                    } catch (VfsException e) {
                        throw new CannotRedirect(path);
                    }
                    target = Output.file(fs, path);
                }
            }
            if (redirect.fd() == 2) {
                err = target;
            } else {
                out = target;
            }
        }
        return new Io(out, err);
    }

    /** A redirection target that cannot be opened: the command does not run. */
    private static final class CannotRedirect extends Exception {
        CannotRedirect(String path) {
            super(path, null, false, false);
        }
    }
}
