package io.c2intents.lab.api;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A request target split into path and decoded query parameters (repeatable, in order). */
public record QueryString(String path, Map<String, List<String>> parameters) {

    public static QueryString parse(String target) {
        int mark = target.indexOf('?');
        String path = mark < 0 ? target : target.substring(0, mark);
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (mark >= 0) {
            for (String pair : target.substring(mark + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                parameters.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            }
        }
        return new QueryString(path, parameters);
    }

    /** The first value of a parameter, or null. */
    public String first(String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public List<String> all(String name) {
        return parameters.getOrDefault(name, List.of());
    }

    public boolean flag(String name) {
        String value = first(name);
        return value != null && (value.isEmpty() || value.equalsIgnoreCase("true") || value.equals("1"));
    }

    /** The target again, without the given parameters. */
    public String without(String... names) {
        StringBuilder target = new StringBuilder(path);
        char separator = '?';
        for (Map.Entry<String, List<String>> entry : parameters.entrySet()) {
            if (List.of(names).contains(entry.getKey())) {
                continue;
            }
            for (String value : entry.getValue()) {
                target.append(separator).append(encode(entry.getKey())).append('=').append(encode(value));
                separator = '&';
            }
        }
        return target.toString();
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
