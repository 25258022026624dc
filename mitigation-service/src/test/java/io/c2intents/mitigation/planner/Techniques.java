package io.c2intents.mitigation.planner;

import io.c2intents.mitigation.action.ActionRegistry;
import io.c2intents.mitigation.action.cilium.QuarantineAction;
import io.c2intents.mitigation.action.node.DrainNodeAction;
import io.c2intents.mitigation.action.pod.EvictFileAction;
import io.c2intents.mitigation.action.pod.TerminatePodAction;
import io.c2intents.mitigation.action.workload.DeleteWorkloadAction;
import java.util.List;

/**
 * The real registry for plain unit tests: the five actions, built without a cluster (planning reads only their
 * descriptors, never their clients).
 */
public final class Techniques {

    private Techniques() {
    }

    public static ActionRegistry registry() {
        return new ActionRegistry(List.of(new QuarantineAction(null, null, null, null),
                new EvictFileAction(null, null, null), new TerminatePodAction(null, null),
                new DeleteWorkloadAction(null, null, null), new DrainNodeAction(null, null, null, null)));
    }

    public static TechniqueTable table() {
        return new TechniqueTable(registry());
    }
}
