package io.c2intents.orchestrator.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.c2intents.events.ContractViolation;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.TimeoutException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure into {@code application/problem+json} (RFC 9457): the status, a title, a detail a person
 * can act on, the request path, and the bad fields.
 */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response apiProblem(ApiProblem e, UriInfo uri) {
        Response answer = answer(e.status(), e.slug(), e.title(), e.getMessage(), uri, e.errors());
        if (e.status() == 503) {
            return Response.fromResponse(answer).header("Retry-After", "10").build();
        }
        return answer;
    }

    /** A body that is JSON but breaks its contract: each problem starts with the field's JSON path. */
    @ServerExceptionMapper
    public Response contractViolation(ContractViolation e, UriInfo uri) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (String problem : e.problems()) {
            int colon = problem.indexOf(": ");
            errors.add(colon > 0 && problem.startsWith("$")
                    ? new Problem.FieldError(problem.substring(0, colon), Readable.text(problem.substring(colon + 2)))
                    : new Problem.FieldError("$", Readable.text(problem)));
        }
        String detail = "invalid " + e.contract() + ": " + errors.stream().map(f -> f.field() + ": " + f.message())
                .collect(Collectors.joining("; "));
        return answer(400, "invalid-request", "Invalid request", detail, uri, errors);
    }

    @ServerExceptionMapper({JsonProcessingException.class, MismatchedInputException.class})
    public Response unreadableBody(JsonProcessingException e, UriInfo uri) {
        String field = "$";
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                && !(e.getCause() instanceof com.fasterxml.jackson.core.exc.StreamReadException)) {
            field = "$" + mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining());
        }
        String message = Readable.json(e);
        return answer(400, "invalid-request", "Invalid request", field + ": " + message, uri,
                List.of(new Problem.FieldError(field, message)));
    }

    @ServerExceptionMapper
    public Response kubernetes(KubernetesClientException e, UriInfo uri) {
        if (e.getCode() == 404) {
            return answer(404, "not-found", "Not found", "the Kubernetes API has no such object: "
                    + e.getMessage(), uri, List.of());
        }
        Log.warnf("Kubernetes API call for %s failed: %s", uri.getPath(), e.getMessage());
        return answer(502, "kubernetes-unavailable", "Kubernetes API call failed",
                "the Kubernetes API answered: " + e.getMessage(), uri, List.of());
    }

    @ServerExceptionMapper
    public Response timeout(TimeoutException e, UriInfo uri) {
        return answer(504, "timeout", "Timed out", "a call behind this request took too long", uri, List.of());
    }

    /** Unknown paths, wrong methods or media types: keep their status, answer in the same format. */
    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException json) {
                return unreadableBody(json, uri); // a body the JSON reader could not read: say where and what
            }
        }
        int status = e.getResponse().getStatus();
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        return answer(status, title.toLowerCase().replace(' ', '-'), title, e.getMessage(), uri, List.of());
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(RuntimeException e, UriInfo uri) {
        Log.errorf(e, "unexpected failure on %s", uri.getPath());
        return answer(500, "internal-error", "Internal error", "the orchestrator failed: " + Readable.text(e.getMessage())
                + " (the log has the details)", uri, List.of());
    }

    static Response answer(int status, String slug, String title, String detail, UriInfo uri,
            List<Problem.FieldError> errors) {
        Problem problem = new Problem(Problem.TYPE_BASE + slug, title, status, detail,
                uri == null ? null : uri.getPath(), errors);
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
