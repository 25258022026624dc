package io.c2intents.lab.cron;

/**
 * One job line of a loaded crontab.
 *
 * @param crontab the crontab's name (the user: {@code root})
 * @param schedule when it runs; null for {@code @reboot}
 * @param command the shell command, run as {@code /bin/sh -c command}
 */
public record CronEntry(String crontab, CronSchedule schedule, String command) {

    public boolean atReboot() {
        return schedule == null;
    }
}
