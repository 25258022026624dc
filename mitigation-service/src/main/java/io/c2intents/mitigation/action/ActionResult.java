package io.c2intents.mitigation.action;

import io.c2intents.events.MitigationStatus;
import io.c2intents.events.TouchedObject;
import java.util.List;

/**
 * What an apply or revert did to the cluster.
 *
 * @param status APPLIED, REVERTED or SKIPPED (nothing to do, e.g. already applied)
 * @param objects the objects touched, with YAML where it helps a reader
 * @param reason what happened, in plain words
 */
public record ActionResult(MitigationStatus status, List<TouchedObject> objects, String reason) {

    public ActionResult {
        objects = List.copyOf(objects);
    }

    public static ActionResult applied(String reason, List<TouchedObject> objects) {
        return new ActionResult(MitigationStatus.APPLIED, objects, reason);
    }

    public static ActionResult reverted(String reason, List<TouchedObject> objects) {
        return new ActionResult(MitigationStatus.REVERTED, objects, reason);
    }

    public static ActionResult skipped(String reason, List<TouchedObject> objects) {
        return new ActionResult(MitigationStatus.SKIPPED, objects, reason);
    }

    public static ActionResult skipped(String reason) {
        return skipped(reason, List.of());
    }
}
