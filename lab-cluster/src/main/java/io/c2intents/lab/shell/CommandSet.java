package io.c2intents.lab.shell;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The programs a lab pod's image has, by name. {@link #busybox()} is the small busybox subset the attacker and the
 * responder use; the datapath (part 2) registers more (for instance {@code ping}) with {@link #register}. A name not
 * here answers "not found" with exit code 127, as a minimal image would.
 */
public final class CommandSet {

    private final Map<String, ShellCommand> commands = new ConcurrentHashMap<>();

    /** An empty set. */
    public CommandSet() {
    }

    /** The busybox subset: echo, printf, cat, rm, sed, grep, ls, test, kill, pkill, ps, crontab, sh and a few more. */
    public static CommandSet busybox() {
        CommandSet set = new CommandSet();
        BusyboxCommands.registerAll(set);
        return set;
    }

    /** Adds or replaces a program. */
    public CommandSet register(String name, ShellCommand command) {
        commands.put(name, command);
        return this;
    }

    public Optional<ShellCommand> find(String name) {
        return Optional.ofNullable(commands.get(name));
    }

    /** The names, sorted. */
    public Set<String> names() {
        return new TreeSet<>(commands.keySet());
    }
}
