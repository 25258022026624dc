package io.c2intents.events;

import java.time.Instant;
import java.util.List;

/**
 * What an alert rests on: the times of the flows that matched (the newest ones, bounded) and how many of them
 * were forwarded requests, dropped attempts and echo replies. Dropped flows and replies are evidence of an
 * attempt too.
 */
public record AlertEvidence(List<Instant> flowTimes, long forwarded, long dropped, long replies) {

    public AlertEvidence {
        flowTimes = flowTimes == null ? List.of() : List.copyOf(flowTimes);
    }
}
