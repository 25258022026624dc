package io.c2intents.lab.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The checks the API server makes on an {@code apps/v1} Deployment that the lab's controller relies on. */
final class DeploymentValidation {

    private DeploymentValidation() {
    }

    static List<ApiStatus.Cause> validate(JsonNode deployment) {
        List<ApiStatus.Cause> causes = new ArrayList<>();
        JsonNode spec = deployment.path("spec");
        JsonNode selector = spec.path("selector");
        JsonNode templateLabels = spec.path("template").path("metadata").path("labels");
        if (selector.isMissingNode() || (!selector.has("matchLabels") && !selector.has("matchExpressions"))) {
            causes.add(new ApiStatus.Cause("FieldValueRequired", "Required value", "spec.selector"));
        } else {
            for (Map.Entry<String, JsonNode> label : iterable(selector.path("matchLabels"))) {
                if (!label.getValue().asText().equals(templateLabels.path(label.getKey()).asText(null))) {
                    causes.add(new ApiStatus.Cause("FieldValueInvalid", "Invalid value: " + templateLabels
                            + ": `selector` does not match template `labels`", "spec.template.metadata.labels"));
                    break;
                }
            }
        }
        JsonNode replicas = spec.path("replicas");
        if (!replicas.isMissingNode() && !replicas.isNull() && (!replicas.isIntegralNumber() || replicas.asInt() < 0)) {
            causes.add(new ApiStatus.Cause("FieldValueInvalid", "Invalid value: " + replicas
                    + ": must be greater than or equal to 0", "spec.replicas"));
        }
        JsonNode containers = spec.path("template").path("spec").path("containers");
        if (!containers.isArray() || containers.isEmpty()) {
            causes.add(new ApiStatus.Cause("FieldValueRequired", "Required value", "spec.template.spec.containers"));
        } else {
            for (int i = 0; i < containers.size(); i++) {
                if (containers.get(i).path("name").asText("").isEmpty()) {
                    causes.add(new ApiStatus.Cause("FieldValueRequired", "Required value",
                            "spec.template.spec.containers[" + i + "].name"));
                }
                if (containers.get(i).path("image").asText("").isEmpty()) {
                    causes.add(new ApiStatus.Cause("FieldValueRequired", "Required value",
                            "spec.template.spec.containers[" + i + "].image"));
                }
            }
        }
        return causes;
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
        node.fields().forEachRemaining(fields::add);
        return fields;
    }
}
