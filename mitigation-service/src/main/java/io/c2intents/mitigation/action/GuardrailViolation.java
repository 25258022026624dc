package io.c2intents.mitigation.action;

/**
 * A valid request that a guardrail forbids (a protected namespace, the system's own pods). Answered REJECTED with
 * the reason; the record itself was fine, so it is acknowledged rather than dead-lettered.
 */
public class GuardrailViolation extends RuntimeException {

    public GuardrailViolation(String message) {
        super(message);
    }
}
