package dev.epic.model.endpoint;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * All configured model endpoints ({@code epic.models}): each endpoint's block falls back to
 * {@code epic.models.defaults}; {@code epic.models.default} names the one programs use unless they pick
 * another with {@code llm_with {model = "NAME"}}.
 */
public record ModelSettings(String defaultEndpoint, Map<String, EndpointSettings> endpoints) {
    /** The base URL that means "start the simulated engine in this JVM". */
    public static final String IN_PROCESS = "in-process";

    public ModelSettings {
        endpoints = Map.copyOf(endpoints);
        if (!endpoints.containsKey(defaultEndpoint)) {
            throw new IllegalArgumentException("epic.models.default names '" + defaultEndpoint
                    + "' but no such endpoint is configured (have: " + endpoints.keySet() + ")");
        }
    }

    public static ModelSettings fromConfig(Config root) {
        Config models = root.getConfig("epic.models");
        Config defaults = models.getConfig("defaults");
        Map<String, EndpointSettings> out = new LinkedHashMap<>();
        ConfigObject eps = models.getObject("endpoints");
        for (String name : eps.keySet()) {
            Config block = models.getConfig("endpoints." + quote(name)).withFallback(defaults);
            out.put(name, EndpointSettings.fromConfig(name, block));
        }
        return new ModelSettings(models.getString("default"), out);
    }

    private static String quote(String key) {
        return key.matches("[A-Za-z0-9_-]+") ? key : "\"" + key.replace("\"", "\\\"") + "\"";
    }

    public EndpointSettings defaultSettings() {
        return endpoints.get(defaultEndpoint);
    }

    /** The same settings with the default endpoint replaced. */
    public ModelSettings withDefault(EndpointSettings e) {
        Map<String, EndpointSettings> m = new LinkedHashMap<>(endpoints);
        m.put(e.name(), e);
        return new ModelSettings(e.name(), m);
    }
}
