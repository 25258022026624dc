package io.c2intents.lab.cron;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a crontab file as busybox crond's {@code load_crontab} does: blank lines and {@code #} comments are skipped,
 * {@code NAME=value} lines set the environment (ignored here), a job line is five whitespace-separated time fields
 * (or an {@code @} shorthand) and the rest of the line is the command. A malformed line is skipped, not fatal.
 */
public final class CrontabParser {

    private CrontabParser() {
    }

    /** The job lines of {@code text}, the crontab of {@code name}. */
    public static List<CronEntry> parse(String name, String text) {
        List<CronEntry> entries = new ArrayList<>();
        for (String raw : text.split("\n", -1)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] words = line.split("[ \t]+", 6);
            if (words[0].startsWith("@")) {
                String[] special = line.split("[ \t]+", 2);
                if (special.length < 2) {
                    continue;
                }
                if (special[0].equalsIgnoreCase("@reboot")) {
                    entries.add(new CronEntry(name, null, special[1]));
                } else {
                    CronSchedule.special(special[0])
                            .ifPresent(schedule -> entries.add(new CronEntry(name, schedule, special[1])));
                }
                continue;
            }
            if (words.length < 6) {
                // a NAME=value environment line, or a line too short to be a job: busybox skips both
                continue;
            }
            Optional<CronSchedule> schedule = CronSchedule.parse(words[0], words[1], words[2], words[3], words[4]);
            schedule.ifPresent(s -> entries.add(new CronEntry(name, s, words[5])));
        }
        return entries;
    }
}
