package io.clipvq.worker.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;

/**
 * Who may call the API: writes need {@code Authorization: Bearer <token>} with the configured token; reads need it
 * only when configured so. No token configured refuses every request that needs one (an API without a token is
 * read-only, never open). The token is compared in constant time over SHA-256 digests, so neither its bytes nor its
 * length can be learnt from response times.
 */
public final class ApiAccess {
    /** 401: no bearer token given. */
    static final String NO_TOKEN = "this request needs the header 'Authorization: Bearer <token>' with the worker's "
            + "API token (CLIPVQ_API_TOKEN)";
    /** 403: a token, not this one. */
    static final String WRONG_TOKEN = "the bearer token is not this worker's API token";
    static final String WRITES_DISABLED = "writes are disabled until CLIPVQ_API_TOKEN is set on the worker";
    static final String READS_DISABLED = "reads need a token (CLIPVQ_API_READS_NEED_TOKEN is true) and are disabled "
            + "until CLIPVQ_API_TOKEN is set on the worker";

    private final byte[] tokenDigest;
    private final boolean readsNeedToken;

    /** @param token the configured token; empty (or blank) when none is */
    public ApiAccess(Optional<String> token, boolean readsNeedToken) {
        this.tokenDigest = token.filter(t -> !t.isBlank()).map(ApiAccess::digest).orElse(null);
        this.readsNeedToken = readsNeedToken;
    }

    /**
     * @param write         whether the request changes anything (every method but GET, HEAD and OPTIONS)
     * @param authorization the Authorization header, or null
     */
    public AccessDecision decide(boolean write, String authorization) {
        if (!write && !readsNeedToken) {
            return AccessDecision.ALLOWED;
        }
        if (tokenDigest == null) {
            return new AccessDecision(403, write ? WRITES_DISABLED : READS_DISABLED);
        }
        Optional<String> given = bearerToken(authorization);
        if (given.isEmpty()) {
            return new AccessDecision(401, NO_TOKEN);
        }
        return MessageDigest.isEqual(tokenDigest, digest(given.get())) ? AccessDecision.ALLOWED
                : new AccessDecision(403, WRONG_TOKEN);
    }

    public static boolean isWrite(String method) {
        return switch (method.toUpperCase(Locale.ROOT)) {
            case "GET", "HEAD", "OPTIONS" -> false;
            default -> true;
        };
    }

    /** The token of an {@code Authorization: Bearer <token>} header (scheme case-insensitive, RFC 6750). */
    static Optional<String> bearerToken(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        String value = authorization.strip();
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).equalsIgnoreCase("Bearer")) {
            return Optional.empty();
        }
        String token = value.substring(space + 1).strip();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
