package io.c2intents.mitigation.action.cilium;

import java.util.Arrays;

/** What a quarantine cuts. */
public enum QuarantineScope {

    /** Every ingress and egress of the pod (the reference demo's isolation). */
    ALL("all"),
    /** Only egress to the C2 address; every other flow keeps going. */
    DESTINATION("destination");

    private final String parameter;

    QuarantineScope(String parameter) {
        this.parameter = parameter;
    }

    /** As the {@code scope} parameter spells it. */
    public String parameter() {
        return parameter;
    }

    public static QuarantineScope of(String parameter) {
        return Arrays.stream(values()).filter(s -> s.parameter.equals(parameter)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("scope " + parameter));
    }
}
