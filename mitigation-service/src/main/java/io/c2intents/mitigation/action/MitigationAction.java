package io.c2intents.mitigation.action;

/**
 * One response the service can carry out, addressed {@code category:name}. An action declares itself
 * ({@link #descriptor()}), checks a request beyond its declared parameters ({@link #validate}), says what it would do
 * without touching the cluster ({@link #plan}), and does and undoes it ({@link #apply}, {@link #revert}).
 *
 * <p>{@code apply} and {@code revert} block (Fabric8 calls, exec) and are called on worker threads. They must be
 * idempotent, because the executor retries them whole after a transient API error and because the same request may
 * arrive twice: they read the cluster first and answer SKIPPED when there is nothing left to do. They keep what
 * revert needs on the cluster itself (labels, annotations), so any instance, or the same one after a restart, can
 * revert.
 */
public interface MitigationAction {

    ActionDescriptor descriptor();

    default String address() {
        return descriptor().address();
    }

    /**
     * Checks what the parameter declarations cannot (e.g. that a C2 address is known). Pure: no cluster access.
     *
     * @throws InvalidRequest with the reason
     */
    default void validate(ActionInput input) {
    }

    /** What {@link #apply} would create or change, from the request alone. Never calls the Kubernetes API. */
    Plan plan(ActionInput input);

    /**
     * Checks the preconditions on the cluster and applies the action. Blocking.
     *
     * @throws PreconditionFailed when the cluster is not in a state the action can work from
     */
    ActionResult apply(ActionInput input);

    /**
     * Undoes {@link #apply}. Blocking. Only called when {@link ActionDescriptor#revertible()}.
     *
     * @throws PreconditionFailed when there is no way to find what to undo
     */
    ActionResult revert(ActionInput input);
}
