package io.c2intents.lab.shell;

import io.c2intents.lab.pod.ProcessTable;
import io.c2intents.lab.shell.Shell.Invocation;
import io.c2intents.lab.vfs.AlpineImage;
import io.c2intents.lab.vfs.FileStat;
import io.c2intents.lab.vfs.VfsException;
import io.c2intents.lab.vfs.VirtualFileSystem;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The busybox programs of the lab's alpine-like image, with busybox's messages and exit codes. Each works on the
 * pod's virtual file system only. What is deliberately simplified is said where it is: {@code sleep} does not wait
 * (exec sessions return at once), {@code kill} signals end a process outright.
 */
final class BusyboxCommands {

    private static final DateTimeFormatter LS_TIME = DateTimeFormatter.ofPattern("MMM d HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss 'UTC' yyyy",
            Locale.ROOT).withZone(ZoneOffset.UTC);

    private BusyboxCommands() {
    }

    static void registerAll(CommandSet set) {
        set.register("echo", BusyboxCommands::echo)
                .register("printf", BusyboxCommands::printf)
                .register("cat", BusyboxCommands::cat)
                .register("rm", BusyboxCommands::rm)
                .register("sed", BusyboxCommands::sed)
                .register("grep", BusyboxCommands::grep)
                .register("ls", BusyboxCommands::ls)
                .register("test", inv -> test(inv, inv.args()))
                .register("[", BusyboxCommands::bracketTest)
                .register("kill", BusyboxCommands::kill)
                .register("pkill", BusyboxCommands::pkill)
                .register("ps", BusyboxCommands::ps)
                .register("crontab", BusyboxCommands::crontab)
                .register("sh", BusyboxCommands::sh)
                .register("ash", BusyboxCommands::sh)
                .register("busybox", BusyboxCommands::busybox)
                .register("true", inv -> 0)
                .register("false", inv -> 1)
                .register("sleep", BusyboxCommands::sleep)
                .register("touch", BusyboxCommands::touch)
                .register("mkdir", BusyboxCommands::mkdir)
                .register("mv", BusyboxCommands::mv)
                .register("cp", BusyboxCommands::cp)
                .register("head", inv -> headTail(inv, true))
                .register("tail", inv -> headTail(inv, false))
                .register("wc", BusyboxCommands::wc)
                .register("date", inv -> {
                    inv.print(DATE.format(inv.fs().clock().now()) + "\n");
                    return 0;
                })
                .register("hostname", inv -> {
                    inv.print(inv.shell().hostname() + "\n");
                    return 0;
                })
                .register("whoami", inv -> {
                    inv.print("root\n");
                    return 0;
                })
                .register("id", inv -> {
                    inv.print("uid=0(root) gid=0(root) groups=0(root)\n");
                    return 0;
                })
                .register("pwd", inv -> {
                    inv.print(inv.shell().cwd() + "\n");
                    return 0;
                })
                .register("cd", BusyboxCommands::cd)
                .register("exit", BusyboxCommands::exit);
    }

    // ---- output ---------------------------------------------------------------------------------------------

    private static int echo(Invocation inv) {
        List<String> args = new ArrayList<>(inv.args());
        boolean newline = true;
        boolean escapes = false;
        while (!args.isEmpty() && args.get(0).matches("-[neE]+")) {
            String flags = args.remove(0);
            newline &= !flags.contains("n");
            escapes = flags.contains("e") || (escapes && !flags.contains("E"));
        }
        String text = String.join(" ", args);
        inv.print((escapes ? unescape(text) : text) + (newline ? "\n" : ""));
        return 0;
    }

    private static int printf(Invocation inv) {
        if (inv.args().isEmpty()) {
            inv.error("usage: printf FORMAT [ARGUMENT]...");
            return 1;
        }
        String format = unescape(inv.args().get(0));
        List<String> values = inv.args().subList(1, inv.args().size());
        int used = 0;
        StringBuilder out = new StringBuilder();
        do {
            int consumed = 0;
            for (int i = 0; i < format.length(); i++) {
                char c = format.charAt(i);
                if (c != '%' || i + 1 >= format.length()) {
                    out.append(c);
                    continue;
                }
                char spec = format.charAt(++i);
                if (spec == '%') {
                    out.append('%');
                    continue;
                }
                String value = used + consumed < values.size() ? values.get(used + consumed) : "";
                consumed++;
                if (spec == 'd' || spec == 'i') {
                    try {
                        out.append(value.isEmpty() ? 0 : Long.parseLong(value.strip()));
                    } catch (NumberFormatException e) {
                        inv.error("invalid number '" + value + "'");
                        out.append('0');
                    }
                } else {
                    out.append(value);
                }
            }
            used += consumed;
            if (consumed == 0) {
                break;
            }
        } while (used < values.size());
        inv.print(out.toString());
        return 0;
    }

    private static String unescape(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char next = text.charAt(++i);
                switch (next) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case '\\' -> out.append('\\');
                    case 'r' -> out.append('\r');
                    default -> out.append('\\').append(next);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    // ---- files ----------------------------------------------------------------------------------------------

    private static int cat(Invocation inv) {
        List<String> files = inv.args().stream().filter(a -> !a.startsWith("-") || a.equals("-")).toList();
        if (files.isEmpty()) {
            inv.print(inv.stdin());
            return 0;
        }
        int status = 0;
        for (String file : files) {
            if (file.equals("-")) {
                inv.print(inv.stdin());
                continue;
            }
            try {
                inv.print(inv.fs().read(inv.resolve(file)));
            } catch (VfsException e) {
                if (e.reason() == VfsException.Reason.IS_DIRECTORY) {
                    inv.error("read error: Is a directory");
                } else {
                    inv.error("can't open '" + file + "': " + e.reason().text());
                }
                status = 1;
            }
        }
        return status;
    }

    private static int rm(Invocation inv) {
        boolean force = false;
        boolean recursive = false;
        List<String> files = new ArrayList<>();
        boolean options = true;
        for (String arg : inv.args()) {
            if (options && arg.equals("--")) {
                options = false;
            } else if (options && arg.startsWith("-") && arg.length() > 1) {
                for (char flag : arg.substring(1).toCharArray()) {
                    switch (flag) {
                        case 'f' -> force = true;
                        case 'r', 'R' -> recursive = true;
                        case 'i', 'v' -> {
                        }
                        default -> {
                            inv.error("unrecognized option: " + flag);
                            return 1;
                        }
                    }
                }
            } else {
                files.add(arg);
            }
        }
        if (files.isEmpty()) {
            if (force) {
                return 0;
            }
            inv.printError("BusyBox v1.37.0 multi-call binary.\n\nUsage: rm [-irf] FILE...\n");
            return 1;
        }
        int status = 0;
        for (String file : files) {
            try {
                inv.fs().remove(inv.resolve(file), recursive);
            } catch (VfsException e) {
                if (force && e.reason() == VfsException.Reason.NOT_FOUND) {
                    continue;
                }
                inv.error("can't remove '" + file + "': " + e.reason().text());
                status = 1;
            }
        }
        return status;
    }

    private static int touch(Invocation inv) {
        int status = 0;
        for (String file : inv.args()) {
            if (file.startsWith("-")) {
                continue;
            }
            try {
                inv.fs().touch(inv.resolve(file));
            } catch (VfsException e) {
                inv.error(file + ": " + e.reason().text());
                status = 1;
            }
        }
        return status;
    }

    private static int mkdir(Invocation inv) {
        boolean parents = inv.args().contains("-p");
        int status = 0;
        for (String dir : inv.args()) {
            if (dir.startsWith("-")) {
                continue;
            }
            try {
                inv.fs().mkdir(inv.resolve(dir), parents);
            } catch (VfsException e) {
                inv.error("can't create directory '" + dir + "': " + e.reason().text());
                status = 1;
            }
        }
        return status;
    }

    private static int mv(Invocation inv) {
        List<String> operands = inv.args().stream().filter(a -> !a.startsWith("-")).toList();
        if (operands.size() != 2) {
            inv.printError("BusyBox v1.37.0 multi-call binary.\n\nUsage: mv [-fin] SOURCE DEST\n");
            return 1;
        }
        try {
            inv.fs().rename(inv.resolve(operands.get(0)), inv.resolve(operands.get(1)));
            return 0;
        } catch (VfsException e) {
            inv.error("can't rename '" + operands.get(0) + "': " + e.reason().text());
            return 1;
        }
    }

    private static int cp(Invocation inv) {
        List<String> operands = inv.args().stream().filter(a -> !a.startsWith("-")).toList();
        if (operands.size() != 2) {
            inv.printError("BusyBox v1.37.0 multi-call binary.\n\nUsage: cp [-arPLHpfinlsTu] SOURCE DEST\n");
            return 1;
        }
        String source = inv.resolve(operands.get(0));
        String target = inv.resolve(operands.get(1));
        try {
            String text = inv.fs().read(source);
            if (inv.fs().isDirectory(target)) {
                target = target + "/" + source.substring(source.lastIndexOf('/') + 1);
            }
            inv.fs().write(target, text);
            return 0;
        } catch (VfsException e) {
            inv.error("can't " + (e.path().equals(source) ? "stat '" + operands.get(0) : "create '" + operands.get(1))
                    + "': " + e.reason().text());
            return 1;
        }
    }

    private static int ls(Invocation inv) {
        boolean longFormat = false;
        boolean all = false;
        boolean directoryItself = false;
        List<String> paths = new ArrayList<>();
        for (String arg : inv.args()) {
            if (arg.startsWith("-") && arg.length() > 1) {
                longFormat |= arg.contains("l");
                all |= arg.contains("a") || arg.contains("A");
                directoryItself |= arg.contains("d");
            } else {
                paths.add(arg);
            }
        }
        if (paths.isEmpty()) {
            paths.add(".");
        }
        int status = 0;
        List<String> directories = new ArrayList<>();
        for (String path : paths) {
            Optional<FileStat> stat = inv.fs().stat(inv.resolve(path));
            if (stat.isEmpty()) {
                inv.error(path + ": No such file or directory");
                status = 1;
            } else if (stat.get().directory() && !directoryItself) {
                directories.add(path);
            } else {
                inv.print(longFormat ? longLine(stat.get(), path) : path + "\n");
            }
        }
        for (String dir : directories) {
            if (paths.size() > 1) {
                inv.print(dir + ":\n");
            }
            try {
                for (String name : inv.fs().list(inv.resolve(dir))) {
                    if (name.startsWith(".") && !all) {
                        continue;
                    }
                    if (longFormat) {
                        inv.print(longLine(inv.fs().stat(inv.resolve(dir) + "/" + name).orElseThrow(), name));
                    } else {
                        inv.print(name + "\n");
                    }
                }
            } catch (VfsException e) {
                inv.error(dir + ": " + e.reason().text());
                status = 1;
            }
        }
        return status;
    }

    private static String longLine(FileStat stat, String name) {
        return String.format(Locale.ROOT, "%s %4d root     root     %9d %s %s%n",
                stat.directory() ? "drwxr-xr-x" : "-rw-r--r--", stat.directory() ? 2 : 1, stat.size(),
                LS_TIME.format(stat.mtime()), name);
    }

    private static int headTail(Invocation inv, boolean head) {
        int count = 10;
        List<String> files = new ArrayList<>();
        List<String> args = inv.args();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            try {
                if (arg.equals("-n") && i + 1 < args.size()) {
                    count = Integer.parseInt(args.get(++i));
                } else if (arg.matches("-n?\\d+")) {
                    count = Integer.parseInt(arg.replaceAll("\\D", ""));
                } else {
                    files.add(arg);
                }
            } catch (NumberFormatException e) {
                inv.error("invalid number '" + arg + "'");
                return 1;
            }
        }
        String text;
        try {
            text = files.isEmpty() ? inv.stdin() : inv.fs().read(inv.resolve(files.get(0)));
        } catch (VfsException e) {
            inv.error("can't open '" + files.get(0) + "': " + e.reason().text());
            return 1;
        }
        List<String> lines = Lines.split(text);
        List<String> selected = head ? lines.subList(0, Math.min(count, lines.size()))
                : lines.subList(Math.max(0, lines.size() - count), lines.size());
        selected.forEach(line -> inv.print(line + "\n"));
        return 0;
    }

    private static int wc(Invocation inv) {
        List<String> files = inv.args().stream().filter(a -> !a.startsWith("-")).toList();
        boolean onlyLines = inv.args().contains("-l");
        String text;
        try {
            text = files.isEmpty() ? inv.stdin() : inv.fs().read(inv.resolve(files.get(0)));
        } catch (VfsException e) {
            inv.error("can't open '" + files.get(0) + "': " + e.reason().text());
            return 1;
        }
        long lines = text.chars().filter(c -> c == '\n').count();
        String suffix = files.isEmpty() ? "" : " " + files.get(0);
        if (onlyLines) {
            inv.print(lines + suffix + "\n");
        } else {
            long words = text.isBlank() ? 0 : text.strip().split("\\s+").length;
            inv.print(String.format(Locale.ROOT, "%7d %7d %7d%s%n", lines, words, text.length(), suffix));
        }
        return 0;
    }

    // ---- text ------------------------------------------------------------------------------------------------

    private static int grep(Invocation inv) {
        boolean invert = false;
        boolean quiet = false;
        boolean count = false;
        boolean ignoreCase = false;
        boolean fixed = false;
        boolean extended = false;
        boolean numbers = false;
        boolean filesOnly = false;
        boolean silent = false;
        String pattern = null;
        List<String> files = new ArrayList<>();
        List<String> args = inv.args();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("-e") && i + 1 < args.size()) {
                pattern = args.get(++i);
            } else if (arg.startsWith("-") && arg.length() > 1 && pattern == null) {
                for (char flag : arg.substring(1).toCharArray()) {
                    switch (flag) {
                        case 'v' -> invert = true;
                        case 'q' -> quiet = true;
                        case 'c' -> count = true;
                        case 'i' -> ignoreCase = true;
                        case 'F' -> fixed = true;
                        case 'E' -> extended = true;
                        case 'n' -> numbers = true;
                        case 'l' -> filesOnly = true;
                        case 's' -> silent = true;
                        default -> {
                            inv.error("unrecognized option: " + flag);
                            return 2;
                        }
                    }
                }
            } else if (pattern == null) {
                pattern = arg;
            } else {
                files.add(arg);
            }
        }
        if (pattern == null) {
            inv.printError("BusyBox v1.37.0 multi-call binary.\n\nUsage: grep [-HhnlLoqvsrRiwFE] PATTERN [FILE]...\n");
            return 2;
        }
        Pattern regex;
        try {
            regex = fixed ? BasicRegex.literal(pattern, ignoreCase) : BasicRegex.compile(pattern, extended, ignoreCase);
        } catch (IllegalArgumentException e) {
            inv.error(e.getMessage());
            return 2;
        }
        boolean anySelected = false;
        boolean error = false;
        List<String> sources = files.isEmpty() ? List.of("-") : files;
        for (String file : sources) {
            String text;
            if (file.equals("-")) {
                text = inv.stdin();
            } else {
                try {
                    text = inv.fs().read(inv.resolve(file));
                } catch (VfsException e) {
                    if (!silent) {
                        inv.error(file + ": " + e.reason().text());
                    }
                    error = true;
                    continue;
                }
            }
            String prefix = sources.size() > 1 ? (file.equals("-") ? "(standard input)" : file) + ":" : "";
            int matches = 0;
            List<String> lines = Lines.split(text);
            for (int n = 0; n < lines.size(); n++) {
                if (regex.matcher(lines.get(n)).find() != invert) {
                    matches++;
                    if (!quiet && !count && !filesOnly) {
                        inv.print(prefix + (numbers ? (n + 1) + ":" : "") + lines.get(n) + "\n");
                    }
                }
            }
            anySelected |= matches > 0;
            if (quiet && anySelected) {
                return 0;
            }
            if (count && !quiet) {
                inv.print(prefix + matches + "\n");
            } else if (filesOnly && matches > 0 && !quiet) {
                inv.print((file.equals("-") ? "(standard input)" : file) + "\n");
            }
        }
        if (anySelected) {
            return 0;
        }
        return error ? 2 : 1;
    }

    private static int sed(Invocation inv) {
        boolean inPlace = false;
        boolean quietMode = false;
        boolean extended = false;
        List<String> scripts = new ArrayList<>();
        List<String> files = new ArrayList<>();
        List<String> args = inv.args();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("-e") && i + 1 < args.size()) {
                scripts.add(args.get(++i));
            } else if (arg.startsWith("-i")) {
                inPlace = true;
            } else if (arg.startsWith("-") && arg.length() > 1 && arg.substring(1).chars().allMatch(c -> "nErs".indexOf(c) >= 0)) {
                quietMode |= arg.contains("n");
                extended |= arg.contains("E") || arg.contains("r");
            } else if (scripts.isEmpty()) {
                scripts.add(arg);
            } else {
                files.add(arg);
            }
        }
        if (scripts.isEmpty()) {
            inv.printError("BusyBox v1.37.0 multi-call binary.\n\nUsage: sed [-i[SFX]] [-nrE] [-f FILE]... [-e CMD]... [FILE]...\n");
            return 1;
        }
        List<SedProgram.Instruction> program;
        try {
            program = SedProgram.parse(scripts, extended);
        } catch (IllegalArgumentException e) {
            inv.error(e.getMessage());
            return 1;
        }
        if (inPlace && files.isEmpty()) {
            inv.error("no files for -i");
            return 1;
        }
        int status = 0;
        if (files.isEmpty()) {
            inv.print(SedProgram.apply(program, inv.stdin(), quietMode));
            return 0;
        }
        for (String file : files) {
            String path = inv.resolve(file);
            String text;
            try {
                text = inv.fs().read(path);
            } catch (VfsException e) {
                inv.error(file + ": " + e.reason().text());
                status = 1;
                continue;
            }
            String result = SedProgram.apply(program, text, quietMode);
            if (inPlace) {
                try {
                    // busybox writes a temporary file and renames it over the original: a new inode
                    inv.fs().replace(path, result);
                } catch (VfsException e) {
                    inv.error("can't create " + file + ": " + e.reason().text());
                    status = 4;
                }
            } else {
                inv.print(result);
            }
        }
        return status;
    }

    // ---- tests and shell ----------------------------------------------------------------------------------

    private static int bracketTest(Invocation inv) {
        List<String> args = inv.args();
        if (args.isEmpty() || !args.get(args.size() - 1).equals("]")) {
            inv.printError("sh: [: missing ]\n");
            return 2;
        }
        return test(inv, args.subList(0, args.size() - 1));
    }

    private static int test(Invocation inv, List<String> args) {
        if (args.isEmpty()) {
            return 1;
        }
        if (args.get(0).equals("!")) {
            int inner = test(inv, args.subList(1, args.size()));
            return inner == 2 ? 2 : 1 - inner;
        }
        if (args.size() == 1) {
            return args.get(0).isEmpty() ? 1 : 0;
        }
        if (args.size() == 2) {
            String operand = args.get(1);
            Optional<FileStat> stat = switch (args.get(0)) {
                case "-f", "-e", "-d", "-s", "-r", "-w", "-x", "-L", "-h" -> inv.fs().stat(inv.resolve(operand));
                default -> Optional.empty();
            };
            return switch (args.get(0)) {
                case "-f" -> stat.filter(s -> !s.directory()).isPresent() ? 0 : 1;
                case "-d" -> stat.filter(FileStat::directory).isPresent() ? 0 : 1;
                case "-e", "-r", "-w" -> stat.isPresent() ? 0 : 1;
                case "-x" -> stat.filter(FileStat::directory).isPresent() ? 0 : 1;
                case "-s" -> stat.filter(s -> s.size() > 0).isPresent() ? 0 : 1;
                case "-L", "-h" -> 1;
                case "-z" -> operand.isEmpty() ? 0 : 1;
                case "-n" -> operand.isEmpty() ? 1 : 0;
                default -> {
                    inv.printError("sh: " + args.get(0) + ": unknown operand\n");
                    yield 2;
                }
            };
        }
        if (args.size() == 3) {
            String left = args.get(0);
            String right = args.get(2);
            switch (args.get(1)) {
                case "=", "==" -> {
                    return left.equals(right) ? 0 : 1;
                }
                case "!=" -> {
                    return left.equals(right) ? 1 : 0;
                }
                case "-eq", "-ne", "-lt", "-le", "-gt", "-ge" -> {
                    try {
                        long a = Long.parseLong(left.strip());
                        long b = Long.parseLong(right.strip());
                        boolean result = switch (args.get(1)) {
                            case "-eq" -> a == b;
                            case "-ne" -> a != b;
                            case "-lt" -> a < b;
                            case "-le" -> a <= b;
                            case "-gt" -> a > b;
                            default -> a >= b;
                        };
                        return result ? 0 : 1;
                    } catch (NumberFormatException e) {
                        inv.printError("sh: invalid number '" + (isNumber(left) ? right : left) + "'\n");
                        return 2;
                    }
                }
                default -> {
                }
            }
        }
        inv.printError("sh: " + (inv.name().equals("[") ? "[" : "test") + ": syntax error\n");
        return 2;
    }

    private static boolean isNumber(String text) {
        return text.strip().matches("-?\\d+");
    }

    private static int sh(Invocation inv) {
        List<String> args = inv.args();
        int i = 0;
        String script = null;
        while (i < args.size() && args.get(i).startsWith("-") && args.get(i).length() > 1) {
            String flags = args.get(i++);
            if (flags.contains("c")) {
                if (i >= args.size()) {
                    inv.printError("sh: -c requires an argument\n");
                    return 2;
                }
                script = args.get(i++);
                break;
            }
        }
        if (script == null) {
            if (i < args.size()) {
                try {
                    script = inv.fs().read(inv.resolve(args.get(i)));
                } catch (VfsException e) {
                    inv.printError("sh: can't open '" + args.get(i) + "': " + e.reason().text() + "\n");
                    return 2;
                }
            } else {
                script = inv.stdin();
            }
        }
        return inv.shell().runScript(script, inv.stdin(), inv.out(), inv.err());
    }

    private static int busybox(Invocation inv) {
        if (inv.args().isEmpty()) {
            inv.print("BusyBox v1.37.0 multi-call binary.\n");
            return 0;
        }
        return inv.shell().runProgram(inv.args(), inv.stdin(), inv.out(), inv.err());
    }

    private static int cd(Invocation inv) {
        String target = inv.args().isEmpty() ? "/root" : inv.resolve(inv.args().get(0));
        if (!inv.fs().isDirectory(target)) {
            inv.printError("sh: cd: can't cd to " + (inv.args().isEmpty() ? target : inv.args().get(0))
                    + ": No such file or directory\n");
            return 2;
        }
        inv.shell().changeDirectory(target);
        return 0;
    }

    private static int exit(Invocation inv) {
        int code = 0;
        if (!inv.args().isEmpty()) {
            try {
                code = Integer.parseInt(inv.args().get(0)) & 0xff;
            } catch (NumberFormatException e) {
                inv.printError("sh: exit: Illegal number: " + inv.args().get(0) + "\n");
                code = 2;
            }
        }
        throw new Shell.ExitSignal(code);
    }

    private static int sleep(Invocation inv) {
        for (String arg : inv.args()) {
            if (!arg.matches("\\d+(\\.\\d+)?[smhd]?")) {
                inv.error("invalid number '" + arg + "'");
                return 1;
            }
        }
        // An exec session returns at once: lab programs that wait are the datapath's business, on the lab clock.
        return 0;
    }

    // ---- processes -------------------------------------------------------------------------------------------

    private static int ps(Invocation inv) {
        inv.print("PID   USER     TIME  COMMAND\n");
        for (ProcessTable.Process process : inv.shell().processes().list()) {
            inv.print(String.format(Locale.ROOT, "%5d root      0:00 %s%n", process.pid(), process.command()));
        }
        return 0;
    }

    private static int kill(Invocation inv) {
        List<String> pids = new ArrayList<>();
        List<String> args = inv.args();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("-l")) {
                inv.print("HUP INT QUIT ILL TRAP ABRT BUS FPE KILL USR1 SEGV USR2 PIPE ALRM TERM\n");
                return 0;
            } else if (arg.equals("-s") || arg.equals("-n")) {
                i++;
            } else if (arg.startsWith("-") && pids.isEmpty() && arg.length() > 1) {
                continue;
            } else {
                pids.add(arg);
            }
        }
        if (pids.isEmpty()) {
            inv.printError("sh: kill: usage: kill [-s SIGNAL | -SIGNAL] PID...\n");
            return 1;
        }
        int status = 0;
        for (String pid : pids) {
            int number;
            try {
                number = Integer.parseInt(pid);
            } catch (NumberFormatException e) {
                inv.printError("sh: kill: invalid number '" + pid + "'\n");
                status = 1;
                continue;
            }
            if (!inv.shell().processes().kill(number)) {
                inv.printError("sh: can't kill pid " + pid + ": No such process\n");
                status = 1;
            }
        }
        return status;
    }

    private static int pkill(Invocation inv) {
        boolean fullCommand = false;
        boolean exact = false;
        String pattern = null;
        for (String arg : inv.args()) {
            if (arg.startsWith("-") && arg.length() > 1 && pattern == null) {
                fullCommand |= arg.equals("-f");
                exact |= arg.equals("-x");
            } else {
                pattern = arg;
            }
        }
        if (pattern == null) {
            inv.printError("BusyBox v1.37.0 multi-call binary.\n\nUsage: pkill [-l|-SIGNAL] [-xfvnoe] [-s SID|-P PPID|PATTERN]\n");
            return 1;
        }
        Pattern regex;
        try {
            regex = BasicRegex.compile(pattern, true, false);
        } catch (IllegalArgumentException e) {
            inv.error(e.getMessage());
            return 2;
        }
        boolean any = false;
        for (ProcessTable.Process process : inv.shell().processes().list()) {
            String subject = fullCommand ? process.command() : process.name();
            Matcher matcher = regex.matcher(subject);
            if (exact ? matcher.matches() : matcher.find()) {
                inv.shell().processes().kill(process.pid());
                any = true;
            }
        }
        return any ? 0 : 1;
    }

    // ---- cron ------------------------------------------------------------------------------------------------

    private static int crontab(Invocation inv) {
        String user = "root";
        String action = null;
        String file = null;
        List<String> args = inv.args();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "-u" -> {
                    if (i + 1 >= args.size()) {
                        inv.error("option requires an argument -- u");
                        return 1;
                    }
                    user = args.get(++i);
                }
                case "-l", "-r", "-e" -> action = arg;
                case "-c" -> i++;
                default -> file = arg;
            }
        }
        String path = AlpineImage.CRONTABS_DIR + "/" + user;
        VirtualFileSystem fs = inv.fs();
        try {
            if ("-l".equals(action)) {
                try {
                    inv.print(fs.read(path));
                    return 0;
                } catch (VfsException e) {
                    inv.error("can't open '" + user + "': " + e.reason().text());
                    return 1;
                }
            }
            if ("-e".equals(action)) {
                inv.error("can't execute 'vi': No such file or directory");
                return 1;
            }
            if ("-r".equals(action)) {
                try {
                    fs.remove(path, false);
                } catch (VfsException e) {
                    inv.error("can't delete '" + user + "': " + e.reason().text());
                    return 1;
                }
            } else {
                String text;
                if (file == null || file.equals("-")) {
                    text = inv.stdin();
                } else {
                    try {
                        text = fs.read(inv.resolve(file));
                    } catch (VfsException e) {
                        inv.error("can't open '" + file + "': " + e.reason().text());
                        return 1;
                    }
                }
                // busybox writes <user>.new and renames it: a new file, so the directory's mtime changes too
                fs.replace(path, text);
            }
            // ...and tells crond which crontab changed
            fs.append(AlpineImage.CRONTABS_DIR + "/cron.update", user + "\n");
            return 0;
        } catch (VfsException e) {
            inv.error(e.getMessage());
            return 1;
        }
    }
}
