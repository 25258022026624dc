package io.c2intents.orchestrator;

import io.c2intents.orchestrator.config.OrchestratorConfig;
import io.smallrye.config.WithDefault;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Optional;

/** {@link OrchestratorConfig} with every default, for tests that build views and services without Quarkus. */
public final class DefaultConfig {

    private DefaultConfig() {
    }

    public static OrchestratorConfig get() {
        return (OrchestratorConfig) Proxy.newProxyInstance(OrchestratorConfig.class.getClassLoader(),
                new Class<?>[] {OrchestratorConfig.class}, (proxy, method, args) -> value(method));
    }

    private static Object value(Method method) {
        if (method.getName().equals("toString")) {
            return "DefaultConfig";
        }
        WithDefault dflt = method.getAnnotation(WithDefault.class);
        Class<?> type = method.getReturnType();
        if (dflt == null) {
            return type == Optional.class ? Optional.empty() : null;
        }
        String text = dflt.value();
        if (type == int.class) {
            return Integer.parseInt(text);
        }
        if (type == boolean.class) {
            return Boolean.parseBoolean(text);
        }
        if (type == Duration.class) {
            return Duration.parse("PT" + text.toUpperCase());
        }
        if (type == java.util.List.class) {
            return java.util.List.of(text.split(","));
        }
        return text;
    }
}
