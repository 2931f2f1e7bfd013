package dev.epic.gateway;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The gateway's settings ({@code epic.gateway} in reference.conf, where each is documented), read once.
 * {@code tokens} already includes those of {@code EPIC_GATEWAY_TOKENS}.
 */
public record GatewaySettings(String host, int port, Path database, Duration retention, Duration purgeInterval,
                              Path dataDir, long fileMaxBytes, Set<String> tokens, boolean authRequired,
                              Limits limits, int listDefaultLimit, int listMaxLimit, int crashRetries,
                              java.util.Map<String, TokenLimits> tokenLimits) {

    /** What clients may ask of the gateway. */
    public record Limits(long maxBodyBytes, long maxProgramChars, int maxJobsPerToken, Duration retryAfter,
                         long defaultMaxSteps, Duration defaultTimeout, long maxSteps, Duration maxTimeout,
                         Duration maxWait, int maxRunning, int maxEventsPerJob, long defaultMaxMemory, long maxMemory,
                         long memoryPool) {
        public Limits {
            if (defaultMaxMemory <= 0 || maxMemory < defaultMaxMemory || memoryPool < maxMemory) {
                throw new IllegalArgumentException("epic.gateway.limits: default-max-memory must be positive, at most "
                        + "max-memory, and max-memory at most memory-pool (" + (memoryPool >> 20) + " MiB)");
            }
            if (maxBodyBytes <= 0 || maxProgramChars <= 0 || maxJobsPerToken <= 0 || maxRunning <= 0 || maxEventsPerJob <= 0
                    || defaultMaxSteps <= 0 || maxSteps < defaultMaxSteps || maxTimeout.compareTo(defaultTimeout) < 0
                    || defaultTimeout.isZero() || defaultTimeout.isNegative()) {
                throw new IllegalArgumentException("epic.gateway.limits: sizes and counts must be positive, and each "
                        + "default at most its maximum");
            }
        }

        public Limits withMaxJobsPerToken(int n) {
            return new Limits(maxBodyBytes, maxProgramChars, n, retryAfter, defaultMaxSteps, defaultTimeout, maxSteps,
                    maxTimeout, maxWait, maxRunning, maxEventsPerJob, defaultMaxMemory,
                    maxMemory, memoryPool);
        }

        public Limits withMaxBodyBytes(long n) {
            return new Limits(n, maxProgramChars, maxJobsPerToken, retryAfter, defaultMaxSteps, defaultTimeout, maxSteps,
                    maxTimeout, maxWait, maxRunning, maxEventsPerJob, defaultMaxMemory,
                    maxMemory, memoryPool);
        }

        public Limits withMaxProgramChars(long n) {
            return new Limits(maxBodyBytes, n, maxJobsPerToken, retryAfter, defaultMaxSteps, defaultTimeout, maxSteps,
                    maxTimeout, maxWait, maxRunning, maxEventsPerJob, defaultMaxMemory,
                    maxMemory, memoryPool);
        }

        public Limits withMaxEventsPerJob(int n) {
            return new Limits(maxBodyBytes, maxProgramChars, maxJobsPerToken, retryAfter, defaultMaxSteps, defaultTimeout,
                    maxSteps, maxTimeout, maxWait, maxRunning, n, defaultMaxMemory,
                    maxMemory, memoryPool);
        }

        public Limits withMaxRunning(int n) {
            return new Limits(maxBodyBytes, maxProgramChars, maxJobsPerToken, retryAfter, defaultMaxSteps, defaultTimeout,
                    maxSteps, maxTimeout, maxWait, n, maxEventsPerJob, defaultMaxMemory,
                    maxMemory, memoryPool);
        }
    }

    public GatewaySettings {
        tokens = Set.copyOf(tokens);
        tokenLimits = tokenLimits == null ? java.util.Map.of() : java.util.Map.copyOf(tokenLimits);
        if (authRequired && tokens.isEmpty()) {
            throw new IllegalArgumentException("no API token configured: set EPIC_GATEWAY_TOKENS=token1,token2 or "
                    + "epic.gateway.auth.tokens (or epic.gateway.auth.required = false for an open gateway)");
        }
        if (crashRetries < 0) {
            throw new IllegalArgumentException("epic.gateway.crash-retries must not be negative");
        }
        if (listDefaultLimit <= 0 || listMaxLimit < listDefaultLimit) {
            throw new IllegalArgumentException("epic.gateway.list-default-limit must be positive and at most list-max-limit");
        }
    }

    /** Reads {@code epic.gateway}; {@code envTokens} is the value of {@code EPIC_GATEWAY_TOKENS} (may be null). */
    public static GatewaySettings fromConfig(Config root, String envTokens) {
        Config c = root.getConfig("epic.gateway");
        Set<String> tokens = new LinkedHashSet<>(c.getStringList("auth.tokens"));
        if (envTokens != null) {
            for (String t : envTokens.split(",")) {
                if (!t.isBlank()) {
                    tokens.add(t.strip());
                }
            }
        }
        tokens.removeIf(String::isBlank);
        Config l = c.getConfig("limits");
        long pool = dev.epic.engine.RunOptions.memoryLimit("epic.gateway.limits.memory-pool", l.getString("memory-pool"),
                Runtime.getRuntime().maxMemory());
        long maxMemory = l.getBytes("max-memory");
        long defaultMaxMemory = l.getBytes("default-max-memory");
        if (maxMemory > pool) {
            // A small heap (-Xmx) shrinks what one job may ask for rather than refusing to start.
            org.slf4j.LoggerFactory.getLogger(GatewaySettings.class).warn("epic.gateway.limits.max-memory ({} MiB) is more "
                    + "than the memory pool ({} MiB, a share of the heap): jobs get at most the pool", maxMemory >> 20, pool >> 20);
            maxMemory = pool;
        }
        Limits limits = new Limits(l.getBytes("max-body-bytes"), l.getBytes("max-program-chars"), l.getInt("max-jobs-per-token"),
                l.getDuration("retry-after"), l.getLong("default-max-steps"), l.getDuration("default-timeout"),
                l.getLong("max-steps"), l.getDuration("max-timeout"), l.getDuration("max-wait"), l.getInt("max-running"),
                l.getInt("max-events-per-job"), Math.min(defaultMaxMemory, maxMemory), maxMemory, pool);
        String dataDir = c.getString("data-dir");
        return new GatewaySettings(c.getString("host"), c.getInt("port"), Path.of(c.getString("database")),
                c.getDuration("retention"), c.getDuration("purge-interval"), dataDir.isEmpty() ? null : Path.of(dataDir),
                c.getBytes("file-max-bytes"), tokens, c.getBoolean("auth.required"), limits,
                c.getInt("list-default-limit"), c.getInt("list-max-limit"), c.getInt("crash-retries"),
                tokenLimits(l.getConfig("per-token"), limits));
    }

    /**
     * What one token may ask for where it differs from the gateway's limits ({@code epic.gateway.limits.per-token}):
     * each field null when not overridden.
     */
    public record TokenLimits(Long defaultMaxMemory, Long maxMemory, Long defaultMaxSteps, Long maxSteps) {}

    private static java.util.Map<String, TokenLimits> tokenLimits(Config perToken, Limits limits) {
        java.util.Map<String, TokenLimits> out = new java.util.HashMap<>();
        for (String token : perToken.root().keySet()) {
            Config t = perToken.getConfig("\"" + token.replace("\"", "\\\"") + "\"");
            for (String key : t.root().keySet()) {
                if (!Set.of("default-max-memory", "max-memory", "default-max-steps", "max-steps").contains(key)) {
                    throw new IllegalArgumentException("epic.gateway.limits.per-token: unknown setting '" + key
                            + "' (known: default-max-memory, max-memory, default-max-steps, max-steps)");
                }
            }
            TokenLimits tl = new TokenLimits(
                    t.hasPath("default-max-memory") ? t.getBytes("default-max-memory") : null,
                    t.hasPath("max-memory") ? Math.min(t.getBytes("max-memory"), limits.memoryPool()) : null,
                    t.hasPath("default-max-steps") ? t.getLong("default-max-steps") : null,
                    t.hasPath("max-steps") ? t.getLong("max-steps") : null);
            // Checked now, so that a bad entry stops the gateway at start rather than a request later.
            applyTo(limits, tl);
            out.put(dev.epic.gateway.auth.Tokens.ownerOf(token), tl);
        }
        return java.util.Map.copyOf(out);
    }

    private static Limits applyTo(Limits l, TokenLimits t) {
        long maxMemory = t.maxMemory() != null ? t.maxMemory() : l.maxMemory();
        long defaultMemory = t.defaultMaxMemory() != null ? t.defaultMaxMemory() : Math.min(l.defaultMaxMemory(), maxMemory);
        long maxSteps = t.maxSteps() != null ? t.maxSteps() : l.maxSteps();
        long defaultSteps = t.defaultMaxSteps() != null ? t.defaultMaxSteps() : Math.min(l.defaultMaxSteps(), maxSteps);
        return new Limits(l.maxBodyBytes(), l.maxProgramChars(), l.maxJobsPerToken(), l.retryAfter(), defaultSteps,
                l.defaultTimeout(), maxSteps, l.maxTimeout(), l.maxWait(), l.maxRunning(), l.maxEventsPerJob(), defaultMemory,
                maxMemory, l.memoryPool());
    }

    /** The limits the owner of a token is held to: the gateway's, with that token's own where it has some. */
    public Limits limitsFor(String owner) {
        TokenLimits t = tokenLimits.get(owner);
        return t == null ? limits : applyTo(limits, t);
    }

    public GatewaySettings withPort(int p) {
        return new GatewaySettings(host, p, database, retention, purgeInterval, dataDir, fileMaxBytes, tokens, authRequired,
                limits, listDefaultLimit, listMaxLimit, crashRetries, tokenLimits);
    }

    public GatewaySettings withHost(String h) {
        return new GatewaySettings(h, port, database, retention, purgeInterval, dataDir, fileMaxBytes, tokens, authRequired,
                limits, listDefaultLimit, listMaxLimit, crashRetries, tokenLimits);
    }

    public GatewaySettings withDatabase(Path db) {
        return new GatewaySettings(host, port, db, retention, purgeInterval, dataDir, fileMaxBytes, tokens, authRequired,
                limits, listDefaultLimit, listMaxLimit, crashRetries, tokenLimits);
    }

    public GatewaySettings withDataDir(Path d) {
        return new GatewaySettings(host, port, database, retention, purgeInterval, d, fileMaxBytes, tokens, authRequired,
                limits, listDefaultLimit, listMaxLimit, crashRetries, tokenLimits);
    }

    public GatewaySettings withTokens(List<String> ts) {
        return new GatewaySettings(host, port, database, retention, purgeInterval, dataDir, fileMaxBytes, new LinkedHashSet<>(ts),
                authRequired, limits, listDefaultLimit, listMaxLimit, crashRetries, tokenLimits);
    }

    public GatewaySettings withRetention(Duration r) {
        return new GatewaySettings(host, port, database, r, purgeInterval, dataDir, fileMaxBytes, tokens, authRequired,
                limits, listDefaultLimit, listMaxLimit, crashRetries, tokenLimits);
    }

    public GatewaySettings withCrashRetries(int n) {
        return new GatewaySettings(host, port, database, retention, purgeInterval, dataDir, fileMaxBytes, tokens, authRequired,
                limits, listDefaultLimit, listMaxLimit, n, tokenLimits);
    }

    /** With per-token limits keyed by owner ({@link dev.epic.gateway.auth.Tokens#ownerOf}). */
    public GatewaySettings withTokenLimits(java.util.Map<String, TokenLimits> byOwner) {
        return new GatewaySettings(host, port, database, retention, purgeInterval, dataDir, fileMaxBytes, tokens, authRequired,
                limits, listDefaultLimit, listMaxLimit, crashRetries, byOwner);
    }

    public GatewaySettings withLimits(Limits l) {
        return new GatewaySettings(host, port, database, retention, purgeInterval, dataDir, fileMaxBytes, tokens, authRequired,
                l, listDefaultLimit, listMaxLimit, crashRetries, tokenLimits);
    }

}
