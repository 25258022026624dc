package io.c2intents.lab.vfs;

import io.c2intents.lab.clock.LabClock;
import java.io.UncheckedIOException;

/**
 * The file tree a fresh container of an alpine image starts with, as far as the lab's shell and crond care: the
 * usual top-level directories, {@code /etc/hostname}, and busybox's default root crontab (the periodic
 * {@code run-parts} lines alpine ships in {@code /etc/crontabs/root}).
 */
public final class AlpineImage {

    /** Alpine's {@code /etc/crontabs/root}, byte for byte (tabs included). */
    public static final String DEFAULT_ROOT_CRONTAB = """
            # do daily/weekly/monthly maintenance
            # min\thour\tday\tmonth\tweekday\tcommand
            */15\t*\t*\t*\t*\trun-parts /etc/periodic/15min
            0\t*\t*\t*\t*\trun-parts /etc/periodic/hourly
            0\t2\t*\t*\t*\trun-parts /etc/periodic/daily
            0\t3\t*\t*\t6\trun-parts /etc/periodic/weekly
            0\t5\t1\t*\t*\trun-parts /etc/periodic/monthly

            """;

    /** Where busybox crond reads crontabs ({@code /var/spool/cron/crontabs} links here on alpine). */
    public static final String CRONTABS_DIR = "/etc/crontabs";

    private AlpineImage() {
    }

    /** A new tree for a container whose hostname is {@code hostname} (the pod name). */
    public static VirtualFileSystem newFileSystem(LabClock clock, String hostname) {
        VirtualFileSystem fs = new VirtualFileSystem(clock);
        try {
            for (String dir : new String[] {"/bin", "/sbin", "/usr/bin", "/usr/sbin", "/dev", "/proc", "/sys", "/root",
                "/home", "/tmp", "/run", "/var/log", "/var/spool/cron", "/etc/periodic/15min",
                "/etc/periodic/hourly", "/etc/periodic/daily", "/etc/periodic/weekly", "/etc/periodic/monthly",
                CRONTABS_DIR}) {
                fs.mkdir(dir, true);
            }
            fs.write("/etc/hostname", hostname + "\n");
            fs.write("/etc/alpine-release", "3.21.3\n");
            fs.write("/etc/os-release", """
                    NAME="Alpine Linux"
                    ID=alpine
                    VERSION_ID=3.21.3
                    PRETTY_NAME="Alpine Linux v3.21"
                    HOME_URL="https://alpinelinux.org/"
                    """);
            fs.write("/etc/passwd", "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/sbin/nologin\n");
            fs.write("/etc/group", "root:x:0:root\nnobody:x:65534:\n");
            fs.write("/etc/hosts", "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n");
            fs.write("/etc/resolv.conf", "search default.svc.cluster.local svc.cluster.local cluster.local\n"
                    + "nameserver 10.96.0.10\noptions ndots:5\n");
            fs.write(CRONTABS_DIR + "/root", DEFAULT_ROOT_CRONTAB);
        } catch (VfsException e) {
            throw new UncheckedIOException(new java.io.IOException("cannot seed the alpine tree: " + e.getMessage(), e));
        }
        return fs;
    }
}
