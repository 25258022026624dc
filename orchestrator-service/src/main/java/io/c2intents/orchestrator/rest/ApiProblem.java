package io.c2intents.orchestrator.rest;

import java.util.List;

/** An error the API answers with on purpose: its status, a title and the fields at fault. */
public class ApiProblem extends RuntimeException {

    private final int status;
    private final String slug;
    private final String title;
    private final List<Problem.FieldError> errors;

    public ApiProblem(int status, String slug, String title, String detail, List<Problem.FieldError> errors) {
        super(detail);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    /** 400 naming one bad field. */
    public static ApiProblem badField(String field, String message) {
        return new ApiProblem(400, "invalid-request", "Invalid request", field + ": " + message,
                List.of(new Problem.FieldError(field, message)));
    }

    public static ApiProblem notFound(String what) {
        return new ApiProblem(404, "not-found", "Not found", what, List.of());
    }

    public static ApiProblem conflict(String what) {
        return new ApiProblem(409, "conflict", "Conflict", what, List.of());
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }
}
