package io.c2intents.orchestrator.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The answer to a command (202): its id and where to follow it. The outcome arrives later as an event and shows
 * in the views.
 *
 * @param commandId the id of the command, request or intent sent
 * @param follow the API path that shows how it went
 * @param ids every id sent when one call sent several (a setup, an intent button over several pods)
 * @param message what was sent, in plain words
 * @param skipped targets left out, and why
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Accepted(String commandId, String follow, List<String> ids, String message, List<String> skipped) {

    public static Accepted of(String commandId, String follow, String message) {
        return new Accepted(commandId, follow, List.of(commandId), message, List.of());
    }
}
