package io.c2intents.observer.detector;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CidrTest {

    @Test
    void ipv4NetworksAndHosts() {
        Cidr net = Cidr.parse("10.0.0.0/8");
        assertThat(net.contains("10.255.3.4")).isTrue();
        assertThat(net.contains("11.0.0.0")).isFalse();
        assertThat(net.contains("not-an-ip")).isFalse();
        assertThat(net.contains("2001:db8::1")).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").contains("1.2.3.4")).isTrue();
        assertThat(Cidr.parse("1.1.1.1").isHost()).isTrue();
        assertThat(Cidr.parse("1.1.1.1").toString()).isEqualTo("1.1.1.1");
        assertThat(Cidr.parse("1.1.1.1").contains("1.1.1.1")).isTrue();
        assertThat(Cidr.parse("1.1.1.1").contains("1.1.1.10")).isFalse();
        assertThat(net.toString()).isEqualTo("10.0.0.0/8");
    }

    @Test
    void ipv6NetworksMatchEverySpellingOfAnAddress() {
        Cidr net = Cidr.parse("2001:db8::/32");
        assertThat(net.contains("2001:0db8:0000:0000:0000:0000:0000:0001")).isTrue();
        assertThat(net.contains("2001:db9::1")).isFalse();
        assertThat(net.contains("10.0.0.1")).isFalse();
        assertThat(Cidr.parse("2001:db8::1").contains("2001:DB8:0::1")).isTrue();
        assertThat(IndicatorSet.of("2001:db8::1").match("2001:db8:0:0::1", 0)).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "10.0.0.1/8", "256.1.1.1", "1.2.3", "01.2.3.4", "example.com", "10.0.0.0/",
            "10.0.0.0/x", "2001:db8::/129", "::1::2", ""})
    void invalidTextIsRefusedWithTheTextInTheMessage(String text) {
        assertThatThrownBy(() -> Cidr.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text.isEmpty() ? "empty" : text);
    }
}
