package io.c2intents.orchestrator.rest;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Request bodies larger than {@code quarkus.http.limits.max-body-size} (256K: every contract fits many times) are
 * refused with 413 {@code application/problem+json} as soon as their {@code Content-Length} says so, before they
 * are read. Quarkus's own check (which answers 413 with an empty body) still catches chunked bodies without a
 * length. Runs just before Quarkus's upload limit and before the bearer-token filter.
 */
@ApplicationScoped
public class BodyLimit {

    private final long limit;

    public BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit) {
        this.limit = limit.asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            long declared;
            try {
                declared = length == null ? -1 : Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                declared = -1;
            }
            if (declared <= limit) {
                ctx.next();
                return;
            }
            Problem problem = new Problem(Problem.TYPE_BASE + "payload-too-large", "Payload too large", 413,
                    "the request body is " + declared + " bytes; at most " + limit + " bytes ("
                            + (limit / 1024) + " KiB) are accepted. Send a smaller body: a command, intent or "
                            + "mitigation is a few KiB", ctx.request().path(), List.of());
            ctx.response().setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(Json.encode(problem)).onComplete(done -> ctx.request().connection().close());
        });
    }

    public long limit() {
        return limit;
    }
}
