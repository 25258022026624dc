package io.c2intents.lab.cron;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The five time fields of a crontab line (minute, hour, day of month, month, day of week), parsed as busybox crond
 * does: {@code *}, numbers, ranges {@code a-b}, steps {@code *}{@code /n} and {@code a-b/n}, lists, three-letter month
 * and day names; when exactly one of day-of-month and day-of-week is restricted only that one counts, when both are
 * a day matching either runs the job (busybox's {@code FixDayDow}). Times are the container's, UTC.
 */
public final class CronSchedule {

    private static final Map<String, Integer> MONTHS = Map.ofEntries(Map.entry("jan", 1), Map.entry("feb", 2),
            Map.entry("mar", 3), Map.entry("apr", 4), Map.entry("may", 5), Map.entry("jun", 6), Map.entry("jul", 7),
            Map.entry("aug", 8), Map.entry("sep", 9), Map.entry("oct", 10), Map.entry("nov", 11),
            Map.entry("dec", 12));
    private static final Map<String, Integer> DAYS = Map.of("sun", 0, "mon", 1, "tue", 2, "wed", 3, "thu", 4,
            "fri", 5, "sat", 6);

    /** busybox's {@code @} shorthands. */
    private static final Map<String, String> SPECIALS = Map.of("@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *",
            "@monthly", "0 0 1 * *", "@weekly", "0 0 * * 0", "@daily", "0 0 * * *", "@midnight", "0 0 * * *",
            "@hourly", "0 * * * *");

    private final boolean[] minutes;
    private final boolean[] hours;
    private final boolean[] days;
    private final boolean[] months;
    private final boolean[] weekdays;
    private final String text;

    private CronSchedule(boolean[] minutes, boolean[] hours, boolean[] days, boolean[] months, boolean[] weekdays,
            String text) {
        this.minutes = minutes;
        this.hours = hours;
        this.days = days;
        this.months = months;
        this.weekdays = weekdays;
        this.text = text;
    }

    /** The schedule of an {@code @hourly}-style shorthand, if {@code word} is one ({@code @reboot} is not). */
    public static Optional<CronSchedule> special(String word) {
        String fields = SPECIALS.get(word.toLowerCase(Locale.ROOT));
        if (fields == null) {
            return Optional.empty();
        }
        String[] parts = fields.split(" ");
        return parse(parts[0], parts[1], parts[2], parts[3], parts[4]);
    }

    /** Parses five fields; empty when one is malformed (busybox skips such a line). */
    public static Optional<CronSchedule> parse(String minute, String hour, String day, String month, String weekday) {
        boolean[] minutes = field(minute, 0, 59, Map.of());
        boolean[] hours = field(hour, 0, 23, Map.of());
        boolean[] days = field(day, 1, 31, Map.of());
        boolean[] months = field(month, 1, 12, MONTHS);
        boolean[] weekdays = field(weekday, 0, 7, DAYS);
        if (minutes == null || hours == null || days == null || months == null || weekdays == null) {
            return Optional.empty();
        }
        if (weekdays[7]) {
            weekdays[0] = true;
        }
        boolean daysUsed = !all(days, 1, 31);
        boolean weekUsed = !all(weekdays, 0, 6);
        if (weekUsed != daysUsed) {
            if (weekUsed) {
                java.util.Arrays.fill(days, false);
            } else {
                java.util.Arrays.fill(weekdays, false);
            }
        }
        return Optional.of(new CronSchedule(minutes, hours, days, months, weekdays,
                String.join(" ", minute, hour, day, month, weekday)));
    }

    /** Whether the job runs in the minute starting at {@code epochSecond} (UTC). */
    public boolean matches(long epochSecond) {
        ZonedDateTime time = ZonedDateTime.ofInstant(java.time.Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
        return minutes[time.getMinute()] && hours[time.getHour()]
                && (days[time.getDayOfMonth()] || weekdays[time.getDayOfWeek().getValue() % 7])
                && months[time.getMonthValue()];
    }

    private static boolean all(boolean[] set, int from, int to) {
        for (int i = from; i <= to; i++) {
            if (!set[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean[] field(String text, int min, int max, Map<String, Integer> names) {
        boolean[] set = new boolean[max + 1];
        for (String item : text.split(",", -1)) {
            int step = 1;
            String range = item;
            int slash = item.indexOf('/');
            if (slash >= 0) {
                Integer parsed = number(item.substring(slash + 1), Map.of());
                if (parsed == null || parsed < 1) {
                    return null;
                }
                step = parsed;
                range = item.substring(0, slash);
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max == 7 ? 6 : max;
            } else {
                int dash = range.indexOf('-');
                Integer start = number(dash < 0 ? range : range.substring(0, dash), names);
                if (start == null) {
                    return null;
                }
                from = start;
                if (dash >= 0) {
                    Integer end = number(range.substring(dash + 1), names);
                    if (end == null) {
                        return null;
                    }
                    to = end;
                } else {
                    to = slash >= 0 ? (max == 7 ? 6 : max) : start;
                }
            }
            if (from < min || to > max || from > to) {
                return null;
            }
            for (int value = from; value <= to; value += step) {
                set[value] = true;
            }
        }
        return set;
    }

    private static Integer number(String text, Map<String, Integer> names) {
        if (text.isEmpty()) {
            return null;
        }
        if (text.chars().allMatch(Character::isDigit)) {
            return text.length() > 4 ? null : Integer.parseInt(text);
        }
        return names.get(text.toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return text;
    }
}
