package io.c2intents.mitigation.service;

import io.c2intents.events.MitigationEvent;

/**
 * The answer to one request: the event to publish, and whether the request itself was bad and belongs in the
 * dead-letter topic.
 *
 * @param event the event answering the request
 * @param deadLetterReason why the record goes to the dead-letter topic, or null when it was processed
 */
public record Outcome(MitigationEvent event, String deadLetterReason) {

    public boolean deadLetter() {
        return deadLetterReason != null;
    }
}
