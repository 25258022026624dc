package io.c2intents.hubble.json;

import com.google.protobuf.Timestamp;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Hubble's RFC 3339 timestamps ({@code 2021-11-10T10:41:26.095336300Z}, up to nine fractional digits) as epoch
 * nanoseconds. The common UTC form is parsed by hand because a detector reads tens of thousands per second;
 * anything else (an offset instead of {@code Z}) goes through {@link OffsetDateTime}.
 */
public final class HubbleTime {

    /** Returned for an absent time; a real flow never has it. */
    public static final long NONE = Long.MIN_VALUE;

    private static final int[] DAYS_BEFORE_MONTH = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};

    private HubbleTime() {
    }

    /** The earliest time epoch nanoseconds in a {@code long} can hold: 1677-09-21T00:12:43.145224192Z. */
    public static final Instant MIN = Instant.ofEpochSecond(0, Long.MIN_VALUE + 1);

    /** The latest time epoch nanoseconds in a {@code long} can hold: 2262-04-11T23:47:16.854775807Z. */
    public static final Instant MAX = Instant.ofEpochSecond(0, Long.MAX_VALUE);

    /**
     * Epoch nanoseconds of an RFC 3339 time.
     *
     * @throws HubbleJsonException when the text is not an RFC 3339 time, or names a time outside {@link #MIN} ..
     *                             {@link #MAX} (which would otherwise wrap around, 2999 becoming 1829)
     */
    public static long parseNanos(String text) {
        long fast = parseUtc(text);
        if (fast != NONE) {
            return fast;
        }
        Instant instant;
        try {
            instant = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new HubbleJsonException("time '" + text + "' is not an RFC 3339 timestamp like "
                    + "2021-11-10T10:41:26.095336300Z", e);
        }
        return exactNanos(instant.getEpochSecond(), instant.getNano(), text);
    }

    public static long toNanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }

    /**
     * Epoch nanoseconds of a protobuf timestamp.
     *
     * @throws HubbleJsonException when the time is outside {@link #MIN} .. {@link #MAX}
     */
    public static long toNanos(Timestamp timestamp) {
        return exactNanos(timestamp.getSeconds(), timestamp.getNanos(), null);
    }

    /** Seconds and nanoseconds as epoch nanoseconds, refusing what a {@code long} cannot hold. */
    private static long exactNanos(long seconds, long nanos, String text) {
        long result;
        try {
            // before 1970 with a fraction, seconds * 1e9 alone may not fit while the sum does
            result = seconds < 0 && nanos > 0
                    ? Math.addExact(Math.multiplyExact(seconds + 1, 1_000_000_000L), nanos - 1_000_000_000L)
                    : Math.addExact(Math.multiplyExact(seconds, 1_000_000_000L), nanos);
        } catch (ArithmeticException e) {
            throw outOfRange(text != null ? text : Instant.ofEpochSecond(seconds, nanos).toString());
        }
        if (result == NONE) {
            throw outOfRange(text != null ? text : Instant.ofEpochSecond(seconds, nanos).toString());
        }
        return result;
    }

    private static HubbleJsonException outOfRange(String text) {
        return new HubbleJsonException("time '" + text + "' is outside the range of nanoseconds since 1970 in 64 bits ("
                + MIN + " to " + MAX + ")");
    }

    public static Instant toInstant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    public static Timestamp toTimestamp(long nanos) {
        return Timestamp.newBuilder().setSeconds(Math.floorDiv(nanos, 1_000_000_000L))
                .setNanos((int) Math.floorMod(nanos, 1_000_000_000L)).build();
    }

    /** yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z, or {@link #NONE} when the text has another shape. */
    private static long parseUtc(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || (s.charAt(10) != 'T' && s.charAt(10) != 't')
                || s.charAt(13) != ':' || s.charAt(16) != ':' || (s.charAt(n - 1) != 'Z' && s.charAt(n - 1) != 'z')) {
            return NONE;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if ((year | month | day | hour | minute | second) < 0 || month < 1 || month > 12 || day < 1 || day > 31
                || hour > 23 || minute > 59 || second > 59) {
            return NONE;
        }
        long nanos = 0;
        if (n > 20) {
            int fractionDigits = n - 21;
            if (s.charAt(19) != '.' || fractionDigits < 1 || fractionDigits > 9) {
                return NONE;
            }
            int fraction = digits(s, 20, fractionDigits);
            if (fraction < 0) {
                return NONE;
            }
            nanos = fraction;
            for (int i = fractionDigits; i < 9; i++) {
                nanos *= 10;
            }
        }
        boolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        if (day > daysInMonth(month, leap)) {
            return NONE;
        }
        long days = daysFromCivil(year) + DAYS_BEFORE_MONTH[month - 1] + (leap && month > 2 ? 1 : 0) + day - 1;
        long seconds = days * 86_400L + hour * 3_600L + minute * 60L + second;
        return exactNanos(seconds, nanos, s);
    }

    private static int daysInMonth(int month, boolean leap) {
        return switch (month) {
            case 2 -> leap ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days from 1970-01-01 to January 1st of {@code year}. */
    private static long daysFromCivil(int year) {
        long y = year - 1;
        return 365L * (year - 1970) + (y / 4 - y / 100 + y / 400) - (1969 / 4 - 1969 / 100 + 1969 / 400);
    }

    private static int digits(String s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
