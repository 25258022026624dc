package io.c2intents.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Pod keys are {@code namespace/pod}; a flow with no pod end is keyed by an IP, which has no parts. */
class PodKeyTest {

    @Test
    void podKeySplitsBackIntoNamespaceAndPod() {
        String key = PodKey.of("c2-lab", "target-7c9d8f6b5-x2k4q");

        assertThat(key).isEqualTo("c2-lab/target-7c9d8f6b5-x2k4q");
        assertThat(PodKey.namespace(key)).isEqualTo("c2-lab");
        assertThat(PodKey.pod(key)).isEqualTo("target-7c9d8f6b5-x2k4q");
    }

    @Test
    void podRefAndAlertUseTheSameKey() {
        PodRef pod = PodRef.of("c2-lab", "target-7c9d8f6b5-x2k4q");

        assertThat(pod.key()).isEqualTo(PodKey.of(pod)).isEqualTo("c2-lab/target-7c9d8f6b5-x2k4q");
        assertThat(pod.labels()).isEmpty();
    }

    @Test
    void ipKeyHasNoNamespaceNorPod() {
        assertThat(PodKey.namespace("10.244.0.148")).isNull();
        assertThat(PodKey.pod("10.244.0.148")).isNull();
        assertThat(PodKey.namespace(null)).isNull();
    }
}
