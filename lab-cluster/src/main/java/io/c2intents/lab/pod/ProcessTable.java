package io.c2intents.lab.pod;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The processes of a pod's container, as {@code ps}, {@code kill} and {@code pkill} see them. PID 1 is the container's
 * command; the datapath (part 2) spawns what that command starts (crond, a ping loop). As in a real container, PID 1
 * cannot be killed from inside: the kernel drops signals to init that it does not handle.
 */
public final class ProcessTable {

    /**
     * One running process.
     *
     * @param pid its id in the pod's PID namespace
     * @param command its command line, as {@code ps} prints it
     */
    public record Process(int pid, String command) {

        /** The program name: the first word's basename, what {@code pkill} matches without {@code -f}. */
        public String name() {
            String first = command.strip().split("\\s+", 2)[0];
            return first.substring(first.lastIndexOf('/') + 1);
        }
    }

    private final Map<Integer, Process> processes = new TreeMap<>();
    private final List<Consumer<Process>> killListeners = new ArrayList<>();
    private int nextPid = 1;

    /** Starts a process; the first one gets PID 1. */
    public synchronized Process spawn(String command) {
        Process process = new Process(nextPid++, command);
        processes.put(process.pid(), process);
        return process;
    }

    /** The running processes, by PID. */
    public synchronized List<Process> list() {
        return new ArrayList<>(processes.values());
    }

    /** The process with this PID, if it runs. */
    public synchronized Optional<Process> find(int pid) {
        return Optional.ofNullable(processes.get(pid));
    }

    /**
     * Delivers a signal. A process other than PID 1 ends (the lab does not model handlers); PID 1 ignores it.
     *
     * @return false when no such process runs
     */
    public boolean kill(int pid) {
        Process killed;
        synchronized (this) {
            Process process = processes.get(pid);
            if (process == null) {
                return false;
            }
            if (pid == 1) {
                return true;
            }
            killed = processes.remove(pid);
        }
        List<Consumer<Process>> listeners;
        synchronized (this) {
            listeners = new ArrayList<>(killListeners);
        }
        listeners.forEach(listener -> listener.accept(killed));
        return true;
    }

    /** Called with each process that ends by a signal (part 2 stops the matching simulated program). */
    public synchronized void onKill(Consumer<Process> listener) {
        killListeners.add(listener);
    }
}
