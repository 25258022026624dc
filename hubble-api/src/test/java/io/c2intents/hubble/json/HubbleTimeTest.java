package io.c2intents.hubble.json;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HubbleTimeTest {

    @Test
    void agreesWithJavaTimeOnEveryFractionLengthAndAcrossLeapYears() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            long seconds = random.nextLong(-2_000_000_000L, 4_000_000_000L);
            int nanos = random.nextInt(1_000_000_000);
            Instant instant = Instant.ofEpochSecond(seconds, nanos);
            String text = instant.toString();
            assertThat(HubbleTime.parseNanos(text)).as(text).isEqualTo(HubbleTime.toNanos(instant));
            assertThat(HubbleTime.toInstant(HubbleTime.parseNanos(text))).isEqualTo(instant);
        }
        assertThat(HubbleTime.parseNanos("2021-11-10T10:41:26.0953Z"))
                .isEqualTo(HubbleTime.toNanos(Instant.parse("2021-11-10T10:41:26.095300Z")));
        assertThat(HubbleTime.parseNanos("2024-02-29T00:00:00+02:00"))
                .isEqualTo(HubbleTime.toNanos(Instant.parse("2024-02-28T22:00:00Z")));
    }

    @Test
    void refusesWhatIsNotATime() {
        for (String bad : new String[] {"yesterday", "2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z",
                "2024-01-01T00:00:00.1234567890Z", ""}) {
            assertThatThrownBy(() -> HubbleTime.parseNanos(bad)).as(bad).isInstanceOf(HubbleJsonException.class);
        }
    }

    @Test
    void refusesTimesThatNanosecondsInALongCannotHoldInsteadOfWrappingAround() {
        for (String far : new String[] {"2999-01-01T00:00:00Z", "2262-04-11T23:47:16.854775808Z",
                "9999-12-31T23:59:59.999999999Z", "1677-09-21T00:12:43.145224191Z", "0001-01-01T00:00:00Z",
                "2999-01-01T00:00:00+01:00"}) {
            assertThatThrownBy(() -> HubbleTime.parseNanos(far)).as(far).isInstanceOf(HubbleJsonException.class)
                    .hasMessageContaining("time '" + far + "' is outside the range");
        }
        assertThat(HubbleTime.parseNanos("2262-04-11T23:47:16.854775807Z")).isEqualTo(Long.MAX_VALUE);
        assertThat(HubbleTime.toInstant(HubbleTime.parseNanos("1677-09-21T00:12:43.145224193Z")))
                .isEqualTo(Instant.parse("1677-09-21T00:12:43.145224193Z"));
        com.google.protobuf.Timestamp y2999 = com.google.protobuf.Timestamp.newBuilder()
                .setSeconds(Instant.parse("2999-01-01T00:00:00Z").getEpochSecond()).build();
        assertThatThrownBy(() -> HubbleTime.toNanos(y2999)).isInstanceOf(HubbleJsonException.class)
                .hasMessageContaining("2999-01-01T00:00:00Z");
    }
}
