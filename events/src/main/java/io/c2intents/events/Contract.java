package io.c2intents.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * One payload type with its JSON Schema ({@code /schemas/<name>.schema.json} in this module). Reading goes
 * through the schema first, so every consumer refuses the same records with the same reasons.
 *
 * @param <T> the record type
 */
public final class Contract<T> {

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    /** Formats (date-time, ipv4) are assertions here, not annotations: a bad IP is a bad payload. */
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .build();

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
            node = EventJson.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ContractViolation(name, List.of("$: not JSON (" + e.getOriginalMessage() + ")"));
        }
        return read(node);
    }

    /** Validates an already parsed payload, then maps it. */
    public T read(JsonNode node) {
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

    /** Problems of a payload against the schema, each starting with the field's JSON path; empty when valid. */
    public List<String> validate(JsonNode node) {
        Set<ValidationMessage> messages = schema.validate(node);
        return messages.stream()
                .sorted(Comparator.comparing(ValidationMessage::getMessage))
                .map(ValidationMessage::getMessage)
                .toList();
    }

    /** Serialises a payload, checking it against the schema so nothing invalid is ever published. */
    public String write(T value) {
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
