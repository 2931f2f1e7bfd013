package dev.epic.model.endpoint;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Optional;

/**
 * One model endpoint, as configured under {@code epic.models.endpoints.NAME} (see {@code reference.conf}).
 * {@code apiKeyEnv} names the environment variable that holds the key (never the key itself).
 */
public record EndpointSettings(String name, String baseUrl, String model, String apiKeyEnv, Capabilities capabilities,
                               Duration batchWindow, int maxBatch, int maxInFlight, Duration callTimeout,
                               RetryPolicy retry, boolean flushWhenIdle) {

    /** Settings that send a call at once when nothing is in flight (see {@code flush-when-idle}). */
    public EndpointSettings(String name, String baseUrl, String model, String apiKeyEnv, Capabilities capabilities,
                            Duration batchWindow, int maxBatch, int maxInFlight, Duration callTimeout, RetryPolicy retry) {
        this(name, baseUrl, model, apiKeyEnv, capabilities, batchWindow, maxBatch, maxInFlight, callTimeout, retry, true);
    }

    public EndpointSettings {
        if (baseUrl.endsWith("/")) {
            baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
        }
        if (maxBatch < 1 || maxInFlight < 1) {
            throw new IllegalArgumentException("endpoint " + name + ": max-batch and max-in-flight must be at least 1");
        }
    }

    /** Reads an endpoint's block; missing keys come from {@code epic.models.defaults}. */
    public static EndpointSettings fromConfig(String name, Config block) {
        Config c = block;
        Config caps = c.getConfig("capabilities");
        Config r = c.getConfig("retry");
        return new EndpointSettings(name, c.getString("base-url"), c.getString("model"),
                c.hasPath("api-key-env") ? c.getString("api-key-env") : "",
                new Capabilities(caps.getBoolean("prompt-lists"), caps.getBoolean("n"), caps.getBoolean("logprobs"),
                        caps.getBoolean("chat-only"), caps.getBoolean("stop-in-output")),
                c.getDuration("batch-window"), c.getInt("max-batch"), c.getInt("max-in-flight"), c.getDuration("call-timeout"),
                new RetryPolicy(r.getInt("max-attempts"), r.getDuration("initial-backoff"), r.getDuration("max-backoff"),
                        r.getDouble("jitter")), c.getBoolean("flush-when-idle"));
    }

    /** The API key from the environment, if an environment variable is configured and set. */
    public Optional<String> apiKey() {
        if (apiKeyEnv == null || apiKeyEnv.isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(System.getenv(apiKeyEnv)).filter(s -> !s.isEmpty());
    }

    public EndpointSettings withBaseUrl(String url) {
        return new EndpointSettings(name, url, model, apiKeyEnv, capabilities, batchWindow, maxBatch, maxInFlight, callTimeout, retry, flushWhenIdle);
    }

    public EndpointSettings withModel(String m) {
        return new EndpointSettings(name, baseUrl, m, apiKeyEnv, capabilities, batchWindow, maxBatch, maxInFlight, callTimeout, retry, flushWhenIdle);
    }

    public EndpointSettings withCapabilities(Capabilities c) {
        return new EndpointSettings(name, baseUrl, model, apiKeyEnv, c, batchWindow, maxBatch, maxInFlight, callTimeout, retry, flushWhenIdle);
    }

    public EndpointSettings withLimits(Duration window, int batch, int inFlight) {
        return new EndpointSettings(name, baseUrl, model, apiKeyEnv, capabilities, window, batch, inFlight, callTimeout, retry, flushWhenIdle);
    }

    public EndpointSettings withFlushWhenIdle(boolean flush) {
        return new EndpointSettings(name, baseUrl, model, apiKeyEnv, capabilities, batchWindow, maxBatch, maxInFlight, callTimeout, retry, flush);
    }

    public EndpointSettings withTimeout(Duration timeout, RetryPolicy r) {
        return new EndpointSettings(name, baseUrl, model, apiKeyEnv, capabilities, batchWindow, maxBatch, maxInFlight, timeout, r, flushWhenIdle);
    }
}
