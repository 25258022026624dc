package io.c2intents.simulator.service;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a finished command did: a sentence for people and the facts for machines.
 *
 * @param message what happened, in plain words
 * @param details facts such as {@code pod}, {@code node}, {@code pods}; null values are left out
 */
public record Outcome(String message, Map<String, String> details) {

    public Outcome {
        Map<String, String> copy = new LinkedHashMap<>();
        details.forEach((k, v) -> {
            if (v != null) {
                copy.put(k, v);
            }
        });
        details = Map.copyOf(copy);
    }
}
