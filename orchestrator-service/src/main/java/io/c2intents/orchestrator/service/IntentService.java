package io.c2intents.orchestrator.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.c2intents.events.Contracts;
import io.c2intents.events.SecurityIntent;
import io.c2intents.orchestrator.kafka.CommandPublisher;
import io.c2intents.orchestrator.rest.Accepted;
import io.c2intents.orchestrator.rest.ApiProblem;
import io.c2intents.orchestrator.rest.Check;
import io.c2intents.orchestrator.view.IntentView;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Declared intents: read from the view of the compacted {@code security-intents} topic, written to it after
 * validation against the contract. The mitigation service keeps them true.
 */
@ApplicationScoped
public class IntentService {

    private final CommandPublisher publisher;
    private final IntentView intents;

    public IntentService(CommandPublisher publisher, IntentView intents) {
        this.publisher = publisher;
        this.intents = intents;
    }

    public List<SecurityIntent> list() {
        return intents.list();
    }

    public SecurityIntent get(String name) {
        Check.matches("name", name, Check.DNS_LABEL, "a DNS-1123 label", true);
        return intents.get(name).orElseThrow(() -> ApiProblem.notFound("no intent named " + name));
    }

    /** Creates or replaces; the body's name may be left out, but if given it must be the path's. */
    public Uni<Accepted> put(String name, JsonNode body) {
        Check.matches("name", name, Check.DNS_LABEL, "a DNS-1123 label", true);
        if (body == null || !body.isObject()) {
            throw ApiProblem.badField("$", "the body must be a security intent JSON object");
        }
        ObjectNode node = ((ObjectNode) body).deepCopy();
        JsonNode given = node.get("name");
        if (given == null || given.isNull()) {
            node.put("name", name);
        } else if (!name.equals(given.asText())) {
            throw ApiProblem.badField("$.name", "'" + given.asText() + "' differs from the path's '" + name + "'");
        }
        if (!node.has("schemaVersion")) {
            node.put("schemaVersion", SecurityIntent.SCHEMA_VERSION);
        }
        SecurityIntent intent = Contracts.SECURITY_INTENT.read(node);
        Rules.check(intent);
        boolean replaces = intents.get(name).isPresent();
        return publisher.declare(intent).replaceWith(Accepted.of(name, "/api/intents/" + name,
                (replaces ? "replacement of intent " : "intent ") + name + " written to security-intents"));
    }

    public Uni<Accepted> delete(String name) {
        get(name);
        return publisher.withdraw(name).replaceWith(Accepted.of(name, "/api/intents",
                "intent " + name + " withdrawn (a tombstone on security-intents)"));
    }
}
