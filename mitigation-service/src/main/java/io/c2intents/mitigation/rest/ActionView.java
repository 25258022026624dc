package io.c2intents.mitigation.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.c2intents.events.Contracts;
import io.c2intents.events.EventJson;
import io.c2intents.events.ParameterSpec;
import io.c2intents.mitigation.action.ActionDescriptor;
import io.c2intents.mitigation.action.RbacRule;
import java.util.List;
import java.util.Locale;

/**
 * One entry of the action catalogue, as {@code GET /api/actions} serves it.
 *
 * @param address {@code category:name}
 * @param category the part before the colon
 * @param name the part after it
 * @param technique the D3FEND technique
 * @param summary what it does
 * @param targets target kinds accepted
 * @param parameters declared parameters
 * @param preconditions what must hold before it runs
 * @param rbac Kubernetes permissions it needs
 * @param revert whether and how it can be undone
 * @param effectiveAgainst ATT&amp;CK technique ids it counters
 * @param cost availability impact and reversibility
 * @param exampleRequest a mitigation request that runs it, valid against the contract
 */
public record ActionView(String address, String category, String name, Technique technique, String summary,
        List<String> targets, List<Parameter> parameters, List<String> preconditions, List<RbacRule> rbac,
        Revert revert, List<String> effectiveAgainst, CostView cost, JsonNode exampleRequest) {

    /** A D3FEND technique. */
    public record Technique(String id, String name) {
    }

    /** A parameter as a reader needs it. */
    public record Parameter(String name, String type, boolean required, String defaultValue, List<String> allowed,
            Integer min, Integer max, String description) {
    }

    /** Whether and how an action is undone. */
    public record Revert(boolean supported, String description) {
    }

    /** What an action costs; {@code rank} orders actions, cheapest first. */
    public record CostView(String availabilityImpact, String reversibility, int rank) {
    }

    public static ActionView of(ActionDescriptor d) {
        return new ActionView(d.address(), d.category(), d.name(),
                new Technique(d.technique().id(), d.technique().displayName()), d.summary(),
                d.targets().stream().map(k -> k.name().toLowerCase(Locale.ROOT)).sorted().toList(),
                d.parameters().stream().map(ActionView::parameter).toList(), d.preconditions(), d.rbac(),
                new Revert(d.revertible(), d.revertible() ? d.revert() : "not revertible"), d.effectiveAgainst(),
                new CostView(d.cost().availabilityImpact().name().toLowerCase(Locale.ROOT),
                        d.cost().reversibility().name().toLowerCase(Locale.ROOT), d.cost().rank()),
                example(d));
    }

    private static Parameter parameter(ParameterSpec p) {
        return new Parameter(p.name(), p.type().name().toLowerCase(Locale.ROOT), p.required(), p.defaultValue(),
                p.allowed().isEmpty() ? null : p.allowed(), p.min(), p.max(), p.description());
    }

    /** Written through the contract, so an example that does not validate fails the catalogue, not a user. */
    private static JsonNode example(ActionDescriptor d) {
        try {
            return EventJson.MAPPER.readTree(Contracts.MITIGATION_REQUEST.write(d.example()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("example of " + d.address(), e);
        }
    }
}
