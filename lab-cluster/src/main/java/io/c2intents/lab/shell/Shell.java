package io.c2intents.lab.shell;

import io.c2intents.lab.pod.ProcessTable;
import io.c2intents.lab.shell.ShellParser.AndOr;
import io.c2intents.lab.shell.ShellParser.Command;
import io.c2intents.lab.shell.ShellParser.Pipeline;
import io.c2intents.lab.shell.ShellParser.Redirect;
import io.c2intents.lab.shell.ShellParser.Word;
import io.c2intents.lab.vfs.VfsException;
import io.c2intents.lab.vfs.VirtualFileSystem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A minimal {@code /bin/sh} for one exec session in a lab pod: runs either an argv (what {@code kubectl exec pod --
 * rm -f x} sends) or a script ({@code sh -c '...'}) against the pod's own {@link VirtualFileSystem} and process
 * table. Nothing is ever run on the host: every program is a {@link ShellCommand} from the pod's {@link CommandSet}.
 * Not thread-safe; one instance per exec.
 */
public final class Shell {

    private static final Set<String> BIN_DIRS = Set.of("/bin", "/sbin", "/usr/bin", "/usr/sbin", "/usr/local/bin",
            "/usr/local/sbin");

    private final VirtualFileSystem fs;
    private final ProcessTable processes;
    private final CommandSet commands;
    private final String hostname;
    private final Map<String, String> env = new HashMap<>();
    private String cwd = "/";

    public Shell(VirtualFileSystem fs, ProcessTable processes, CommandSet commands, String hostname) {
        this.fs = fs;
        this.processes = processes;
        this.commands = commands;
        this.hostname = hostname;
        env.put("HOME", "/root");
        env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("HOSTNAME", hostname);
        env.put("PWD", cwd);
        env.put("SHLVL", "1");
        env.put("USER", "root");
    }

    /** Runs an argv as the container runtime would (no shell parsing); {@code sh -c} starts a script. */
    public ExecResult exec(List<String> argv, String stdin) {
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        int code;
        try {
            code = argv.isEmpty() ? 0 : runProgram(argv, stdin, out, err);
        } catch (ExitSignal exit) {
            code = exit.code;
        }
        return new ExecResult(code, out.toString(), err.toString());
    }

    /** Runs a script as {@code sh -c script} would. */
    public ExecResult run(String script, String stdin) {
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        int code = runScript(script, stdin, out, err);
        return new ExecResult(code, out.toString(), err.toString());
    }

    public VirtualFileSystem fileSystem() {
        return fs;
    }

    public ProcessTable processes() {
        return processes;
    }

    public String hostname() {
        return hostname;
    }

    public String cwd() {
        return cwd;
    }

    public Map<String, String> env() {
        return env;
    }

    void changeDirectory(String dir) {
        cwd = dir;
        env.put("PWD", dir);
    }

    /** Runs a script; {@code exit} inside ends it with its code. */
    int runScript(String script, String stdin, StringBuilder out, StringBuilder err) {
        List<AndOr> parsed;
        try {
            parsed = ShellParser.parse(ShellTokenizer.tokenize(script, env));
        } catch (ShellSyntaxException e) {
            err.append("sh: syntax error: ").append(e.getMessage()).append('\n');
            return 2;
        }
        int status = 0;
        try {
            for (AndOr item : parsed) {
                status = runAndOr(item, stdin, out, err);
                env.put("?", String.valueOf(status));
            }
        } catch (ExitSignal exit) {
            status = exit.code;
        }
        return status;
    }

    private int runAndOr(AndOr item, String stdin, StringBuilder out, StringBuilder err) {
        int status = runPipeline(item.pipelines().get(0), stdin, out, err);
        for (int i = 0; i < item.ops().size(); i++) {
            boolean run = item.ops().get(i).equals("&&") ? status == 0 : status != 0;
            if (run) {
                status = runPipeline(item.pipelines().get(i + 1), stdin, out, err);
            }
        }
        return status;
    }

    private int runPipeline(Pipeline pipeline, String stdin, StringBuilder out, StringBuilder err) {
        String input = stdin;
        int status = 0;
        List<Command> commandList = pipeline.commands();
        for (int i = 0; i < commandList.size(); i++) {
            boolean last = i == commandList.size() - 1;
            StringBuilder target = last ? out : new StringBuilder();
            status = runCommand(commandList.get(i), input, target, err);
            input = last ? "" : target.toString();
        }
        return pipeline.negated() ? (status == 0 ? 1 : 0) : status;
    }

    private int runCommand(Command command, String stdin, StringBuilder out, StringBuilder err) {
        List<String> argv = new ArrayList<>();
        for (Word word : command.words()) {
            argv.addAll(expand(word));
        }
        Object[] targets = {null, out, err};
        String input = stdin;
        for (Redirect redirect : command.redirects()) {
            String path = redirect.op().equals(">&") ? null : VirtualFileSystem.normalize(cwd, redirect.target());
            try {
                switch (redirect.op()) {
                    case "<" -> input = fs.read(path);
                    case ">" -> {
                        fs.write(path, "");
                        targets[redirect.fd()] = path;
                    }
                    case ">>" -> {
                        fs.append(path, "");
                        targets[redirect.fd()] = path;
                    }
                    default -> targets[redirect.fd()] = targets[Integer.parseInt(redirect.target())];
                }
            } catch (VfsException e) {
                String verb = redirect.op().equals("<") ? "open" : "create";
                err.append("sh: can't ").append(verb).append(" ").append(redirect.target()).append(": ")
                        .append(e.reason().text()).append('\n');
                return 1;
            }
        }
        if (argv.isEmpty()) {
            return 0;
        }
        StringBuilder commandOut = new StringBuilder();
        StringBuilder commandErr = new StringBuilder();
        int status;
        try {
            status = runProgram(argv, input, commandOut, commandErr);
        } finally {
            deliver(targets[1], commandOut, err);
            deliver(targets[2], commandErr, err);
        }
        return status;
    }

    private void deliver(Object target, StringBuilder text, StringBuilder err) {
        if (text.length() == 0) {
            return;
        }
        if (target instanceof StringBuilder stream) {
            stream.append(text);
            return;
        }
        try {
            fs.append((String) target, text.toString());
        } catch (VfsException e) {
            err.append("sh: can't write ").append(target).append(": ").append(e.reason().text()).append('\n');
        }
    }

    /** Runs one program by name or path. */
    int runProgram(List<String> argv, String stdin, StringBuilder out, StringBuilder err) {
        String name = argv.get(0);
        Optional<ShellCommand> program = resolve(name);
        if (program.isEmpty()) {
            if (name.contains("/") && fs.isFile(VirtualFileSystem.normalize(cwd, name))) {
                err.append("sh: ").append(name).append(": Permission denied\n");
                return 126;
            }
            err.append("sh: ").append(name).append(": not found\n");
            return 127;
        }
        String base = name.substring(name.lastIndexOf('/') + 1);
        Invocation invocation = new Invocation(this, base, List.copyOf(argv.subList(1, argv.size())), stdin, out, err);
        return program.get().run(invocation);
    }

    private Optional<ShellCommand> resolve(String name) {
        if (!name.contains("/")) {
            return commands.find(name);
        }
        String normal = VirtualFileSystem.normalize(cwd, name);
        int slash = normal.lastIndexOf('/');
        String dir = slash == 0 ? "/" : normal.substring(0, slash);
        return BIN_DIRS.contains(dir) ? commands.find(normal.substring(slash + 1)) : Optional.empty();
    }

    private List<String> expand(Word word) {
        if (!word.glob()) {
            return List.of(word.text());
        }
        String text = word.text();
        int slash = text.lastIndexOf('/');
        String dirPart = slash < 0 ? "" : text.substring(0, slash + 1);
        String namePattern = text.substring(slash + 1);
        if (dirPart.contains("*") || dirPart.contains("?") || dirPart.contains("[")) {
            return List.of(text);
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(globToRegex(namePattern));
        } catch (RuntimeException e) {
            return List.of(text);
        }
        String dir = VirtualFileSystem.normalize(cwd, dirPart.isEmpty() ? "." : dirPart);
        List<String> matches = new ArrayList<>();
        try {
            for (String entry : fs.list(dir)) {
                if (entry.startsWith(".") && !namePattern.startsWith(".")) {
                    continue;
                }
                if (pattern.matcher(entry).matches()) {
                    matches.add(dirPart + entry);
                }
            }
        } catch (VfsException e) {
            return List.of(text);
        }
        return matches.isEmpty() ? List.of(text) : matches;
    }

    static String globToRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> regex.append("[^/]*");
                case '?' -> regex.append("[^/]");
                case '[' -> {
                    int end = glob.indexOf(']', i + 1);
                    if (end < 0) {
                        regex.append("\\[");
                    } else {
                        String body = glob.substring(i + 1, end);
                        if (body.startsWith("!")) {
                            body = "^" + body.substring(1);
                        }
                        regex.append('[').append(body.replace("\\", "\\\\")).append(']');
                        i = end;
                    }
                }
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }

    /** Thrown by {@code exit}: ends the current script with a code. */
    static final class ExitSignal extends RuntimeException {
        final int code;

        ExitSignal(int code) {
            super(null, null, false, false);
            this.code = code;
        }
    }

    /** One run of a program: its arguments, input and output, and the session it runs in. */
    public static final class Invocation {
        private final Shell shell;
        private final String name;
        private final List<String> args;
        private final String stdin;
        private final StringBuilder out;
        private final StringBuilder err;

        Invocation(Shell shell, String name, List<String> args, String stdin, StringBuilder out, StringBuilder err) {
            this.shell = shell;
            this.name = name;
            this.args = args;
            this.stdin = stdin;
            this.out = out;
            this.err = err;
        }

        public Shell shell() {
            return shell;
        }

        /** The program's name, as {@code argv[0]}'s basename. */
        public String name() {
            return name;
        }

        /** The arguments after the name. */
        public List<String> args() {
            return args;
        }

        public String stdin() {
            return stdin == null ? "" : stdin;
        }

        public VirtualFileSystem fs() {
            return shell.fs;
        }

        /** {@code path} made absolute against the session's working directory. */
        public String resolve(String path) {
            return VirtualFileSystem.normalize(shell.cwd, path);
        }

        /** Writes to standard output. */
        public Invocation print(String text) {
            out.append(text);
            return this;
        }

        /** Writes {@code "<name>: <message>\n"} to standard error. */
        public Invocation error(String message) {
            err.append(name).append(": ").append(message).append('\n');
            return this;
        }

        /** Writes raw text to standard error. */
        public Invocation printError(String text) {
            err.append(text);
            return this;
        }

        StringBuilder out() {
            return out;
        }

        StringBuilder err() {
            return err;
        }
    }
}
