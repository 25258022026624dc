package io.c2intents.lab.cron;

import io.c2intents.lab.clock.LabClock;
import io.c2intents.lab.vfs.FileStat;
import io.c2intents.lab.vfs.VfsException;
import io.c2intents.lab.vfs.VirtualFileSystem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * busybox {@code crond}, on lab time, reading one pod's virtual file system. Its main loop is busybox's:
 * <ul>
 * <li>it wakes at each minute boundary (every 10 s while one of its jobs is still running);</li>
 * <li>when the crontab directory's mtime differs from the last one seen, or on every 60th wakeup (the hourly rescan),
 * it forgets every crontab and loads all of them again, removing {@code cron.update};</li>
 * <li>then, if {@code cron.update} exists, it reloads (or forgets) each crontab named on its lines, and removes it;</li>
 * <li>then it starts every job whose schedule matches a minute in (last wakeup, this wakeup], unless that job is
 * still running.</li>
 * </ul>
 * So appending to {@code /etc/crontabs/root} changes nothing until the next rescan, unless {@code cron.update} names
 * it; {@code sed -i} and {@code rm} change the directory and are seen at the next wakeup (../shared/DESIGN.md).
 * All work runs on the lab clock's thread; jobs are started through a {@link JobRunner}.
 */
public final class VirtualCrond {

    private static final Logger LOG = Logger.getLogger(VirtualCrond.class);

    /** Where busybox reads crontabs (alpine links {@code /var/spool/cron/crontabs} here). */
    public static final String CRONTAB_DIR = "/etc/crontabs";
    public static final String CRON_UPDATE = "cron.update";

    /** Runs a job's command as {@code /bin/sh -c}; calls {@code exited} when it ends. */
    @FunctionalInterface
    public interface JobRunner {
        void start(CronEntry entry, Runnable exited);
    }

    private static final class Job {
        final CronEntry entry;
        boolean flagged;
        boolean running;
        boolean exited;

        Job(CronEntry entry) {
            this.entry = entry;
        }
    }

    private static final class CronFile {
        final String name;
        final List<Job> jobs;
        boolean deleted;

        CronFile(String name, List<Job> jobs) {
            this.name = name;
            this.jobs = jobs;
        }
    }

    private final VirtualFileSystem fs;
    private final LabClock clock;
    private final JobRunner runner;
    private final String dir;
    private final List<CronFile> files = new ArrayList<>();
    private Instant dirMtime = Instant.EPOCH;
    private int rescan = 60;
    private int sleepSeconds = 60;
    private long lastWakeup;
    private long wakeups;
    private long jobsStarted;
    private volatile boolean stopped;
    private LabClock.Scheduled next;

    public VirtualCrond(VirtualFileSystem fs, LabClock clock, JobRunner runner) {
        this(fs, clock, runner, CRONTAB_DIR);
    }

    public VirtualCrond(VirtualFileSystem fs, LabClock clock, JobRunner runner, String dir) {
        this.fs = fs;
        this.clock = clock;
        this.runner = runner;
        this.dir = dir;
    }

    /** Starts as busybox does: loads every crontab, runs {@code @reboot} jobs, sleeps to the next minute. */
    public synchronized void start() {
        lastWakeup = clock.now().getEpochSecond();
        rescanDirectory();
        for (CronFile file : files) {
            for (Job job : file.jobs) {
                if (job.entry.atReboot()) {
                    startJob(job);
                }
            }
        }
        scheduleWakeup();
    }

    /** The process is gone (killed, or its pod deleted): no more wakeups; running jobs finish on their own. */
    public synchronized void stop() {
        stopped = true;
        if (next != null) {
            next.cancel();
        }
    }

    public boolean stopped() {
        return stopped;
    }

    /** The job lines crond currently has loaded (what it will run), in file order. */
    public synchronized List<CronEntry> loadedEntries() {
        List<CronEntry> entries = new ArrayList<>();
        for (CronFile file : files) {
            if (!file.deleted) {
                file.jobs.forEach(job -> entries.add(job.entry));
            }
        }
        return entries;
    }

    /** Wakeups so far (diagnostics). */
    public synchronized long wakeups() {
        return wakeups;
    }

    /** Jobs started so far (diagnostics). */
    public synchronized long jobsStarted() {
        return jobsStarted;
    }

    private void scheduleWakeup() {
        if (stopped) {
            return;
        }
        long now = clock.now().getEpochSecond();
        long at = now + (sleepSeconds - Math.floorMod(now, sleepSeconds));
        next = clock.schedule(Instant.ofEpochSecond(at), this::wakeup);
    }

    private synchronized void wakeup() {
        if (stopped) {
            return;
        }
        wakeups++;
        long t1 = lastWakeup;
        long t2 = clock.now().getEpochSecond();
        lastWakeup = t2;

        Instant mtime = fs.stat(dir).map(FileStat::mtime).orElse(Instant.EPOCH);
        if (!mtime.equals(dirMtime)) {
            dirMtime = mtime;
            rescan = 1;
        }
        if (--rescan == 0) {
            rescan = 60;
            rescanDirectory();
        }
        processCronUpdate();
        long dt = t2 - t1;
        if (dt > 0 && dt <= 3600) {
            flagStartingJobs(t1, t2);
            startFlaggedJobs();
            sleepSeconds = checkCompletions() > 0 ? 10 : 60;
        } else if (dt > 3600) {
            LOG.debugf("crond: time disparity of %d minutes detected", dt / 60);
        }
        scheduleWakeup();
    }

    private void rescanDirectory() {
        for (Iterator<CronFile> it = files.iterator(); it.hasNext();) {
            CronFile file = it.next();
            delete(file);
            if (!hasRunningJobs(file)) {
                it.remove();
            }
        }
        removeQuietly(dir + "/" + CRON_UPDATE);
        List<String> names;
        try {
            names = fs.list(dir);
        } catch (VfsException e) {
            // busybox dies when it cannot open its directory; an idle crond is the kinder equivalent here
            return;
        }
        for (String name : names) {
            if (name.indexOf('.') < 0) {
                load(name);
            }
        }
    }

    private void processCronUpdate() {
        String path = dir + "/" + CRON_UPDATE;
        if (!fs.isFile(path)) {
            return;
        }
        String text;
        try {
            text = fs.read(path);
        } catch (VfsException e) {
            return;
        }
        removeQuietly(path);
        for (String line : text.split("\n")) {
            String name = line.strip().split("[ \t]", 2)[0];
            if (!name.isEmpty()) {
                load(name);
            }
        }
    }

    private void load(String name) {
        for (CronFile file : files) {
            if (file.name.equals(name)) {
                delete(file);
            }
        }
        files.removeIf(file -> file.deleted && !hasRunningJobs(file));
        String path = dir + "/" + name;
        if (name.contains("/") || !fs.isFile(path)) {
            return;
        }
        String text;
        try {
            text = fs.read(path);
        } catch (VfsException e) {
            return;
        }
        List<Job> jobs = new ArrayList<>();
        CrontabParser.parse(name, text).forEach(entry -> jobs.add(new Job(entry)));
        files.add(new CronFile(name, jobs));
    }

    private static void delete(CronFile file) {
        file.deleted = true;
    }

    private static boolean hasRunningJobs(CronFile file) {
        return file.jobs.stream().anyMatch(job -> job.running);
    }

    private void flagStartingJobs(long t1, long t2) {
        for (long t = t1 - Math.floorMod(t1, 60); t <= t2; t += 60) {
            if (t <= t1) {
                continue;
            }
            for (CronFile file : files) {
                if (file.deleted) {
                    continue;
                }
                for (Job job : file.jobs) {
                    if (!job.entry.atReboot() && job.entry.schedule().matches(t)) {
                        if (job.running) {
                            LOG.debugf("crond: user %s: process already running: %s", file.name, job.entry.command());
                        } else {
                            job.flagged = true;
                        }
                    }
                }
            }
        }
    }

    private void startFlaggedJobs() {
        for (CronFile file : List.copyOf(files)) {
            for (Job job : file.jobs) {
                if (job.flagged) {
                    job.flagged = false;
                    startJob(job);
                }
            }
        }
    }

    private void startJob(Job job) {
        job.running = true;
        job.exited = false;
        jobsStarted++;
        try {
            runner.start(job.entry, () -> {
                synchronized (VirtualCrond.this) {
                    job.exited = true;
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf(e, "crond: job %s failed to start", job.entry.command());
            job.exited = true;
        }
    }

    /** busybox reaps finished jobs only here, at a wakeup: returns how many still run. */
    private int checkCompletions() {
        int running = 0;
        for (Iterator<CronFile> it = files.iterator(); it.hasNext();) {
            CronFile file = it.next();
            for (Job job : file.jobs) {
                if (job.running && job.exited) {
                    job.running = false;
                }
                if (job.running) {
                    running++;
                }
            }
            if (file.deleted && !hasRunningJobs(file)) {
                it.remove();
            }
        }
        return running;
    }

    private void removeQuietly(String path) {
        try {
            if (fs.isFile(path)) {
                fs.remove(path, false);
            }
        } catch (VfsException e) {
            // already gone: nothing to do
        }
    }
}
