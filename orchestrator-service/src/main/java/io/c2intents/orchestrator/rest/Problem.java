package io.c2intents.orchestrator.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An error answer, RFC 9457 {@code application/problem+json}, with every offending field listed in
 * {@code errors}.
 *
 * @param type a URI naming the kind of problem
 * @param title short summary of the kind
 * @param status the HTTP status
 * @param detail what went wrong with this request, in plain words
 * @param instance the request path
 * @param errors each bad field and what is wrong with it
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@Schema(name = "Problem", description = "RFC 9457 problem details")
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://c2intents.io/problems/";

    /**
     * One bad field.
     *
     * @param field the field: a JSON path into the body ({@code $.target.name}) or a parameter name
     * @param message what is wrong
     */
    public record FieldError(String field, String message) {
    }
}
