package io.c2intents.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.reactive.messaging.kafka.fault.KafkaDeadLetterQueue;
import org.junit.jupiter.api.Test;

/** The topic lists the provisioner and the services build on are consistent with each other. */
class TopicsTest {

    @Test
    void podKeyedAndConsumedTopicsAreMainTopics() {
        assertThat(Topics.ALL).doesNotHaveDuplicates().hasSize(7);
        assertThat(Topics.ALL).containsAll(Topics.POD_KEYED).containsAll(Topics.CONSUMED);
        assertThat(Topics.POD_KEYED).containsExactlyInAnyOrder(Topics.HUBBLE_FLOWS, Topics.C2_ALERTS,
                Topics.MITIGATION_REQUESTS, Topics.MITIGATION_EVENTS);
    }

    @Test
    void deadLetterTopicIsNamedAfterItsTopicNotSmallRyesDefault() {
        assertThat(Topics.dlq(Topics.C2_ALERTS)).isEqualTo("c2-alerts-dlq");
        assertThat(Topics.CONSUMED).allSatisfy(t -> assertThat(Topics.dlq(t)).doesNotStartWith("dead-letter-topic-"));
    }

    @Test
    void deadLetterHeadersAreTheOnesSmallRyeWrites() {
        assertThat(Topics.DLQ_HEADERS).containsExactly(KafkaDeadLetterQueue.DEAD_LETTER_REASON,
                KafkaDeadLetterQueue.DEAD_LETTER_CAUSE, KafkaDeadLetterQueue.DEAD_LETTER_EXCEPTION_CLASS_NAME,
                KafkaDeadLetterQueue.DEAD_LETTER_CAUSE_CLASS_NAME, KafkaDeadLetterQueue.DEAD_LETTER_TOPIC,
                KafkaDeadLetterQueue.DEAD_LETTER_PARTITION, KafkaDeadLetterQueue.DEAD_LETTER_OFFSET);
    }
}
