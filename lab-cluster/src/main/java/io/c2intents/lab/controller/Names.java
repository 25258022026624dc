package io.c2intents.lab.controller;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * Names as Kubernetes' controllers make them: a pod-template-hash from the template (FNV-1a, in the alphabet
 * without vowels that Kubernetes uses so names never spell words) and 5 random characters for pod names.
 */
final class Names {

    private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Names() {
    }

    /** A stable hash of a pod template's JSON, e.g. {@code 5d4f8c7b9}. */
    static String templateHash(String templateJson) {
        int hash = 0x811c9dc5;
        for (byte b : templateJson.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x01000193;
        }
        long value = hash & 0xffffffffL;
        StringBuilder out = new StringBuilder();
        do {
            out.append(ALPHABET.charAt((int) (value % ALPHABET.length())));
            value /= ALPHABET.length();
        } while (value > 0);
        return out.toString();
    }

    /** The 5 characters the API server appends to a generateName. */
    static String randomSuffix() {
        StringBuilder out = new StringBuilder(5);
        for (int i = 0; i < 5; i++) {
            out.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }
}
