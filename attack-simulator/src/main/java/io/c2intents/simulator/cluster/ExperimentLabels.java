package io.c2intents.simulator.cluster;

/**
 * The labels that make an object the experiment's own. Reset and undeploy select on them, so the simulator never
 * touches what it did not create; the manifests under {@code experiment/} carry the same values.
 */
public final class ExperimentLabels {

    /** Every object the experiment creates carries {@code PART_OF=EXPERIMENT}. */
    public static final String PART_OF = "app.kubernetes.io/part-of";
    public static final String EXPERIMENT = "c2-experiment";

    /** The workload role: {@link #TARGET} pods are the ones the attacker infects. */
    public static final String ROLE = "c2.io/role";
    public static final String TARGET = "target";
    public static final String BENIGN = "benign";

    private ExperimentLabels() {
    }
}
