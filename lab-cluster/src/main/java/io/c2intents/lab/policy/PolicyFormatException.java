package io.c2intents.lab.policy;

/** A stored policy the datapath cannot read; the policy is left out (and logged), as Cilium would refuse it. */
public final class PolicyFormatException extends RuntimeException {

    private final String path;

    public PolicyFormatException(String path, String message) {
        super(path + ": " + message);
        this.path = path;
    }

    /** Where in the policy, e.g. {@code spec.egress[0].toCIDRSet[1].cidr}. */
    public String path() {
        return path;
    }
}
