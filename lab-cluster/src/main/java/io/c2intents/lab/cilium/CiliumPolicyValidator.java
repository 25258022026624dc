package io.c2intents.lab.cilium;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.c2intents.lab.api.ApiStatus.Cause;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Checks Cilium policies against the {@code openAPIV3Schema} of Cilium's CRDs, as the API server does before it
 * stores one, and words the refusal the same way (a 422 {@code Invalid} status whose causes name the fields).
 * Compiled schemas are cached per CRD file for the life of the JVM: tests start many labs.
 */
public final class CiliumPolicyValidator {

    /** More causes than this are summarised: a broken policy can fail every branch of a oneOf. */
    private static final int MAX_CAUSES = 10;
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile(
            "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
    private static final Map<String, JsonSchema> COMPILED = new ConcurrentHashMap<>();
    private static final JsonSchemaFactory FACTORY;
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .build();

    static {
        JsonMetaSchema draft4 = JsonMetaSchema.builder(JsonMetaSchema.getV4()).format(new CidrFormat()).build();
        FACTORY = JsonSchemaFactory.builder(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4))
                .metaSchema(draft4)
                .defaultMetaSchemaIri(draft4.getIri())
                .build();
    }

    private final CiliumCrds crds;

    public CiliumPolicyValidator(CiliumCrds crds) {
        this.crds = crds;
        crds.definitions().forEach(this::schema);
    }

    /**
     * The reasons {@code object} would be refused as a {@code plural} object; empty when it is valid.
     */
    public List<Cause> validate(String plural, JsonNode object) {
        CiliumCrds.Definition definition = crds.byPlural(plural).orElse(null);
        if (definition == null) {
            return List.of();
        }
        List<Cause> causes = new ArrayList<>();
        String name = object.path("metadata").path("name").asText("");
        if (name.isEmpty() && object.path("metadata").path("generateName").asText("").isEmpty()) {
            causes.add(new Cause("FieldValueRequired", "Required value: name or generateName is required",
                    "metadata.name"));
        } else if (!name.isEmpty() && (name.length() > 253 || !DNS_SUBDOMAIN.matcher(name).matches())) {
            causes.add(new Cause("FieldValueInvalid", "Invalid value: \"" + name + "\": a lowercase RFC 1123 "
                    + "subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and "
                    + "end with an alphanumeric character", "metadata.name"));
        }
        JsonSchema schema = schema(definition);
        if (schema != null) {
            Set<ValidationMessage> messages = schema.validate(object);
            Set<String> seen = new LinkedHashSet<>();
            messages.stream()
                    .sorted(Comparator.comparing((ValidationMessage m) -> m.getInstanceLocation().toString())
                            .thenComparing(ValidationMessage::getMessage))
                    .forEach(message -> {
                        String field = field(message);
                        String text = text(message, field);
                        if (seen.add(field + text)) {
                            causes.add(new Cause(reason(message), text, field));
                        }
                    });
        }
        if (causes.size() > MAX_CAUSES) {
            int more = causes.size() - MAX_CAUSES;
            List<Cause> trimmed = new ArrayList<>(causes.subList(0, MAX_CAUSES));
            trimmed.add(new Cause("FieldValueInvalid", "and " + more + " more", "<omitted>"));
            return trimmed;
        }
        return causes;
    }

    private JsonSchema schema(CiliumCrds.Definition definition) {
        if (definition.schema() == null) {
            return null;
        }
        String key = definition.source() + "#" + definition.plural() + "#" + definition.schema().hashCode();
        return COMPILED.computeIfAbsent(key,
                k -> FACTORY.getSchema(OpenApiSchemas.toJsonSchema(definition.schema()), CONFIG));
    }

    /** The instance location as the API server names fields: {@code spec.egressDeny[0].toCIDR[0]}. */
    static String field(ValidationMessage message) {
        StringBuilder field = new StringBuilder();
        String location = message.getInstanceLocation().toString();
        String separator = location.startsWith("$") ? "\\.|(?=\\[)" : "/";
        for (String part : location.replaceFirst("^[$/]", "").split(separator)) {
            if (part.isEmpty() || part.equals("$")) {
                continue;
            }
            if (part.startsWith("[")) {
                field.append(part);
            } else if (part.chars().allMatch(Character::isDigit)) {
                field.append('[').append(part).append(']');
            } else {
                field.append(field.length() == 0 ? "" : ".").append(part);
            }
        }
        String property = message.getProperty();
        if ("required".equals(message.getType()) && property != null) {
            field.append(field.length() == 0 ? "" : ".").append(property);
        }
        return field.length() == 0 ? "<root>" : field.toString();
    }

    /** Worded like the API server where it has a wording of its own (formats, types), else the validator's. */
    private static String text(ValidationMessage message, String field) {
        JsonNode value = message.getInstanceNode();
        String shown = value == null ? "" : value.isTextual() ? value.asText() : value.toString();
        if ("format".equals(message.getType()) && message.getSchemaNode() != null) {
            return "Invalid value: \"" + shown + "\": " + field + " in body must be of type "
                    + message.getSchemaNode().asText() + ": \"" + shown + "\"";
        }
        if ("type".equals(message.getType()) && value != null) {
            return "Invalid value: \"" + value.getNodeType().name().toLowerCase() + "\": " + field
                    + " in body " + (message.getError() == null ? message.getMessage() : message.getError());
        }
        if ("enum".equals(message.getType())) {
            return "Unsupported value: \"" + shown + "\": " + (message.getError() == null ? message.getMessage()
                    : message.getError());
        }
        return message.getError() == null ? message.getMessage() : message.getError();
    }

    private static String reason(ValidationMessage message) {
        return switch (message.getType() == null ? "" : message.getType()) {
            case "required" -> "FieldValueRequired";
            case "enum" -> "FieldValueNotSupported";
            case "type" -> "FieldValueTypeInvalid";
            default -> "FieldValueInvalid";
        };
    }
}
