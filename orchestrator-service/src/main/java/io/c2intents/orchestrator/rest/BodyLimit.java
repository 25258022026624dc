package io.c2intents.orchestrator.rest;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Request bodies larger than {@code quarkus.http.limits.max-body-size} (256K: every contract fits many times) are
 * refused with 413 {@code application/problem+json}, whether or not they say their length:
 * <ul>
 * <li>with a {@code Content-Length} over the limit, at once, before a byte of the body is read;</li>
 * <li>without one ({@code Transfer-Encoding: chunked}), the body is read here with Vert.x Web's {@link BodyHandler}
 * bounded by the same limit, and the 413 it fails the route with when the limit is passed is answered by this
 * route's failure handler. Quarkus REST then reads the body from the routing context. Without this, Quarkus REST's
 * own stream ({@code VertxInputStream}) finds the excess while Jackson reads and ends the response itself: 413 with
 * an empty body, which no exception mapper can change.</li>
 * </ul>
 * Runs just before Quarkus's upload limit and before the bearer-token filter. The connection is closed after a 413
 * so the rest of the body is never read.
 */
@ApplicationScoped
public class BodyLimit {

    /** Methods whose requests carry no body, so they are never buffered here. */
    private static final Set<HttpMethod> NO_BODY = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
            HttpMethod.TRACE);

    private final long limit;

    public BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit) {
        this.limit = limit.asLongValue();
    }

    void install(@Observes Router router) {
        BodyHandler bounded = BodyHandler.create(false).setBodyLimit(limit);
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length == null) {
                if (NO_BODY.contains(ctx.request().method())) {
                    ctx.next();
                } else {
                    bounded.handle(ctx); // calls next() with the body read, or fails the route with 413
                }
                return;
            }
            long declared;
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                declared = -1;
            }
            if (declared <= limit) {
                ctx.next();
                return;
            }
            tooLarge(ctx, "the request body is " + declared + " bytes");
        }).failureHandler(ctx -> {
            if (ctx.statusCode() == 413 && !ctx.response().headWritten()) {
                tooLarge(ctx, "the request body (sent without Content-Length) is longer than the limit");
            } else {
                ctx.next();
            }
        });
    }

    private void tooLarge(RoutingContext ctx, String what) {
        Problem problem = new Problem(Problem.TYPE_BASE + "payload-too-large", "Payload too large", 413,
                what + "; at most " + limit + " bytes (" + (limit / 1024) + " KiB) are accepted. Send a smaller "
                        + "body: a command, intent or mitigation is a few KiB", ctx.request().path(), List.of());
        ctx.response().setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(Json.encode(problem)).onComplete(done -> ctx.request().connection().close());
    }

    public long limit() {
        return limit;
    }
}
