package io.c2intents.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;

/** The example payloads of {@code src/main/resources/examples}, and broken copies of them for refusal tests. */
final class Examples {

    private Examples() {
    }

    static String text(Contract<?> contract) {
        return contract.example().orElseThrow(() -> new AssertionError("no example for " + contract.name()));
    }

    static ObjectNode tree(Contract<?> contract) {
        return (ObjectNode) parse(text(contract));
    }

    static JsonNode parse(String json) {
        try {
            return EventJson.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    /** The example of {@code contract}, changed by {@code change}, as text. */
    static String broken(Contract<?> contract, Consumer<ObjectNode> change) {
        ObjectNode node = tree(contract);
        change.accept(node);
        String json = node.toString();
        assertThat(json).as("the change must change something").isNotEqualTo(tree(contract).toString());
        return json;
    }
}
