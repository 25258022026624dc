package io.c2intents.orchestrator.security;

import io.c2intents.orchestrator.config.OrchestratorConfig;
import io.c2intents.orchestrator.rest.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every API call that changes something needs {@code Authorization: Bearer <token>}; reads need it too unless
 * {@code orchestrator.open-reads} is true. Runs on the event loop: it only compares strings.
 */
public class BearerTokenFilter {

    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final String BEARER = "Bearer ";
    private static final String API_PREFIX = "/api/";
    /** Where a caller finds the token: the file run.sh writes first, then the setting for a hand-started one. */
    public static final String WHERE_TOKEN = "Started by scripts/run.sh, the token is in run/latest/api-token (or "
            + "$C2_RUN_DIR/api-token; run.sh takes it from C2_API_TOKEN or generates one, and prints it as "
            + "'API token:'). Otherwise it is the orchestrator's setting orchestrator.api-token (env "
            + "ORCHESTRATOR_API_TOKEN); an orchestrator started without it generates one and logs it.";

    private final ApiToken token;
    private final OrchestratorConfig config;

    public BearerTokenFilter(ApiToken token, OrchestratorConfig config) {
        this.token = token;
        this.config = config;
    }

    /** Pre-matching, so a caller without the token learns nothing about routes, methods or media types. */
    @ServerRequestFilter(preMatching = true)
    public Response check(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith(API_PREFIX)) {
            return null;
        }
        boolean read = READ_METHODS.contains(request.getMethod());
        if (read && (config.openReads() || "OPTIONS".equals(request.getMethod()))) {
            return null;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                && token.accepts(header.substring(BEARER.length()).trim())) {
            return null;
        }
        String detail;
        if (header == null) {
            detail = "this call needs 'Authorization: Bearer <token>'. " + WHERE_TOKEN;
        } else if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            // e.g. the token alone: saying the token is wrong would send the caller looking for another one
            detail = "the Authorization header must be 'Authorization: Bearer <token>' (the word Bearer, a space, "
                    + "then the token); this one does not start with 'Bearer '. " + WHERE_TOKEN;
        } else {
            detail = "the bearer token is not the orchestrator's. " + WHERE_TOKEN;
        }
        Problem problem = new Problem(Problem.TYPE_BASE + "unauthorized", "Unauthorized", 401, detail,
                request.getUriInfo().getPath(), List.of());
        return Response.status(401).type(Problem.MEDIA_TYPE)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"orchestrator\"").entity(problem).build();
    }
}
