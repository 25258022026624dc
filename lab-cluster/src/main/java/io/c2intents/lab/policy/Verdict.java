package io.c2intents.lab.policy;

import java.util.List;

/**
 * What policy decided for one packet in one direction.
 *
 * @param outcome forwarded or dropped, and why
 * @param policies the policies whose rules decided: the denying ones for {@link Outcome#DENIED}, the allowing ones
 *        for {@link Outcome#ALLOWED}; empty for a default deny or when no policy selects the endpoint
 */
public record Verdict(Outcome outcome, List<PolicyRef> policies) {

    /** Why. */
    public enum Outcome {
        /** No policy selects the endpoint in this direction (or none turns on default deny): Cilium's allow-all. */
        NO_POLICY,
        /** An allow rule matched and no deny rule did. */
        ALLOWED,
        /** A deny rule matched: Cilium drops with {@code POLICY_DENY} (181); deny wins over every allow. */
        DENIED,
        /** Default deny and no allow rule matched: Cilium drops with {@code POLICY_DENIED} (133). */
        DEFAULT_DENIED
    }

    public static final Verdict NO_POLICY = new Verdict(Outcome.NO_POLICY, List.of());

    public boolean forwarded() {
        return outcome == Outcome.NO_POLICY || outcome == Outcome.ALLOWED;
    }
}
