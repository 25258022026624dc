package io.c2intents.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.regex.RegularExpressionFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One payload type with its JSON Schema ({@code /schemas/<name>.schema.json} in this module). Reading goes
 * through the schema first, so every consumer refuses the same records with the same reasons.
 *
 * @param <T> the record type
 */
public final class Contract<T> {

    /** The {@code $id} prefix of our schemas; a {@code $ref} between them resolves here, never on the network. */
    private static final String SCHEMA_ID_PREFIX = "https://c2intents.io/schemas/";

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(mappers -> mappers.mapPrefix(SCHEMA_ID_PREFIX, "classpath:schemas/")));

    /**
     * JSON Schema patterns are ECMA-262, where {@code $} ends the input. Java's {@code $} also matches before a
     * final line break, which would let {@code "* * * * *\n"} into a crontab or {@code "pod\n"} into a name; so an
     * unescaped final {@code $} is compiled as {@code \z}.
     */
    private static final RegularExpressionFactory ECMA_ANCHORED_REGEX = regex -> {
        boolean endAnchor = regex.endsWith("$") && !regex.endsWith("\\$");
        Pattern pattern = Pattern.compile(endAnchor ? regex.substring(0, regex.length() - 1) + "\\z" : regex);
        return value -> pattern.matcher(value).find();
    };

    /**
     * Formats (date-time, ipv4) are assertions here, not annotations: a bad IP is a bad payload. Paths are
     * JSON paths ({@code $.pod.name}) and messages English whatever the machine's locale, because they end up
     * in DLQ headers and problem details.
     */
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .pathType(PathType.JSON_PATH)
            .locale(Locale.ENGLISH)
            .regularExpressionFactory(ECMA_ANCHORED_REGEX)
            .build();

    /** One JSON value per payload: {@code {...} trailing} is not a payload. */
    private static final ObjectReader STRICT_READER =
            EventJson.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final String name;
    private final Class<T> type;
    private final JsonSchema schema;

    Contract(String name, Class<T> type) {
        this.name = name;
        this.type = type;
        this.schema = FACTORY.getSchema(readSchema(name), CONFIG);
    }

    public String name() {
        return name;
    }

    public Class<T> type() {
        return type;
    }

    /** The schema document, as served to users. */
    public JsonNode schema() {
        return schema.getSchemaNode();
    }

    /**
     * Parses and validates one payload.
     *
     * @throws ContractViolation naming every offending field when the text is not JSON or not a valid payload
     */
    public T read(String json) {
        if (json == null || json.isBlank()) {
            throw new ContractViolation(name, List.of("$: empty payload, expected a JSON object"));
        }
        JsonNode node;
        try {
            node = STRICT_READER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ContractViolation(name, List.of("$: not JSON (" + e.getOriginalMessage() + ")"));
        }
        return read(node);
    }

    /** Validates an already parsed payload, then maps it. */
    public T read(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            throw new ContractViolation(name, List.of("$: empty payload, expected a JSON object"));
        }
        List<String> problems = validate(node);
        if (!problems.isEmpty()) {
            throw new ContractViolation(name, problems);
        }
        try {
            return EventJson.MAPPER.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw new ContractViolation(name, List.of("$: " + e.getOriginalMessage()));
        }
    }

    /**
     * Problems of a payload against the schema, each starting with the field's JSON path; empty when valid.
     * A missing field is named by its own path ({@code $.pod.name: is missing}), not by its parent's.
     */
    public List<String> validate(JsonNode node) {
        Set<ValidationMessage> messages = schema.validate(node);
        return messages.stream()
                .map(Contract::problem)
                .distinct()
                .sorted()
                .toList();
    }

    private static String problem(ValidationMessage message) {
        if (!"required".equals(message.getType()) || message.getProperty() == null) {
            return message.getMessage();
        }
        String path = message.getInstanceLocation().append(message.getProperty()).toString();
        // an anyOf branch: the field is one way to satisfy the schema, not the only one
        boolean alternative = message.getEvaluationPath().contains("anyOf");
        return path + ": is missing" + (alternative ? " (or give one of the alternatives)" : "");
    }

    /**
     * The example payload shipped with this module ({@code /examples/<name>.json}), as documented in
     * {@code docs/topics.md}; empty if there is none.
     */
    public Optional<String> example() {
        try (InputStream in = Contract.class.getResourceAsStream("/examples/" + name + ".json")) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read example of " + name, e);
        }
    }

    /** Serialises a payload, checking it against the schema so nothing invalid is ever published. */
    public String write(T value) {
        if (value == null) {
            throw new ContractViolation(name, List.of("$: no payload to write"));
        }
        JsonNode node = EventJson.MAPPER.valueToTree(value);
        List<String> problems = validate(node);
        if (!problems.isEmpty()) {
            throw new ContractViolation(name, problems);
        }
        try {
            return EventJson.MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + name, e);
        }
    }

    @Override
    public String toString() {
        return name;
    }

    private static JsonNode readSchema(String name) {
        String path = "/schemas/" + name + ".schema.json";
        try (InputStream in = Contract.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("schema " + path + " missing from the events module");
            }
            return EventJson.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema " + path, e);
        }
    }
}
