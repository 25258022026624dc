package io.c2intents.orchestrator.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.Objects;
import java.util.stream.Stream;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * The answers every mutating endpoint (PUT, POST, DELETE, PATCH) shares, documented once instead of on each method:
 * 503 (Kafka unreachable, nothing queued), 413 (body over the size limit) and 401 (no or wrong bearer token), each
 * an {@code application/problem+json} example. Read endpoints get none of them. {@code ApiDocumentTest} requires them.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class MutatingAnswers implements OASFilter {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        for (PathItem item : openAPI.getPaths().getPathItems().values()) {
            Stream.of(item.getPUT(), item.getPOST(), item.getDELETE(), item.getPATCH()).filter(Objects::nonNull)
                    .forEach(MutatingAnswers::addTo);
        }
    }

    private static void addTo(Operation operation) {
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        APIResponses responses = operation.getResponses();
        responses.addAPIResponse("503", problem("Kafka unreachable: nothing queued, retry once the broker is back",
                "kafka-down", Examples.KAFKA_UNAVAILABLE));
        responses.addAPIResponse("413", problem("Body over quarkus.http.limits.max-body-size (256 KiB)",
                "too-large", Examples.TOO_LARGE));
        responses.addAPIResponse("401", problem("No or wrong bearer token", "unauthorized", Examples.UNAUTHORIZED));
    }

    private static APIResponse problem(String description, String exampleName, String example) {
        Object value;
        try {
            value = JSON.readValue(example, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("example " + exampleName + " is not JSON", e);
        }
        return OASFactory.createAPIResponse().description(description).content(OASFactory.createContent()
                .addMediaType(Problem.MEDIA_TYPE, OASFactory.createMediaType()
                        .addExample(exampleName, OASFactory.createExample().value(value))));
    }
}
