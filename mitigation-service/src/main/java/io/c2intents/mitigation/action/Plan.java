package io.c2intents.mitigation.action;

import io.c2intents.events.TouchedObject;
import java.util.List;

/**
 * What an apply would do, worked out from the request alone (no Kubernetes API): the objects it would create or
 * change, as YAML, and a sentence saying so.
 *
 * @param objects the objects, with {@code change} saying what would happen to each
 * @param summary what the apply would do, in plain words
 */
public record Plan(List<TouchedObject> objects, String summary) {

    public Plan {
        objects = List.copyOf(objects);
    }
}
