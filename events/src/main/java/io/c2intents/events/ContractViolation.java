package io.c2intents.events;

import java.util.List;

/**
 * A payload that does not meet its contract. The message names the contract and every offending field
 * (JSON path), so it can go straight into a DLQ reason header or a problem+json {@code detail}.
 */
public class ContractViolation extends RuntimeException {

    private final String contract;
    private final List<String> problems;

    public ContractViolation(String contract, List<String> problems) {
        super("invalid " + contract + ": " + String.join("; ", problems));
        this.contract = contract;
        this.problems = List.copyOf(problems);
    }

    public String contract() {
        return contract;
    }

    /** Each problem, starting with the JSON path of the field, e.g. {@code $.pod.name: is missing}. */
    public List<String> problems() {
        return problems;
    }
}
