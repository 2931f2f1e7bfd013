package dev.epic.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The bearer tokens the gateway accepts. A job's owner is a digest of the token that submitted it, so the
 * database never holds a token; comparisons are over digests of equal length, in constant time.
 */
public final class Tokens {
    /** The owner of every job when authentication is switched off. */
    public static final String ANONYMOUS = "anonymous";

    private final Set<String> owners;
    private final boolean required;

    public Tokens(Set<String> tokens, boolean required) {
        this.owners = tokens.stream().map(Tokens::owner).collect(Collectors.toUnmodifiableSet());
        this.required = required;
    }

    /** The owner for an {@code Authorization} header value, or empty when it carries no accepted token. */
    public Optional<String> authenticate(Optional<String> authorization) {
        if (!required) {
            return Optional.of(ANONYMOUS);
        }
        if (authorization.isEmpty()) {
            return Optional.empty();
        }
        String h = authorization.get().strip();
        if (h.length() < 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return token(h.substring(7).strip());
    }

    /** The owner for a bare token (the timeline page takes one in its query string). */
    public Optional<String> token(String token) {
        if (!required) {
            return Optional.of(ANONYMOUS);
        }
        String o = owner(token);
        boolean found = false;
        for (String known : owners) {
            found |= MessageDigest.isEqual(known.getBytes(StandardCharsets.US_ASCII), o.getBytes(StandardCharsets.US_ASCII));
        }
        return found ? Optional.of(o) : Optional.empty();
    }

    /** The owner (a digest) that {@code token} stands for: what jobs and per-token settings are keyed by. */
    public static String ownerOf(String token) {
        return owner(token);
    }

    static String owner(String token) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
