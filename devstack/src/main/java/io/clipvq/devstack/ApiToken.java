package io.clipvq.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The API token the launcher gives the worker it starts: $CLIPVQ_API_TOKEN when set, else the one the previous run
 * wrote to the data folder's worker.env (so a browser that saved it keeps working across restarts), else a new
 * random one (32 bytes from SecureRandom, URL-safe Base64).
 */
final class ApiToken {
    private static final String PREFIX = WorkerEnvironment.API_TOKEN + "=";

    private ApiToken() {
    }

    static String choose(String fromEnvironment, Path previousEnvFile) {
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment.strip();
        }
        return previous(previousEnvFile).orElseGet(ApiToken::generate);
    }

    static Optional<String> previous(Path envFile) {
        if (!Files.isRegularFile(envFile)) {
            return Optional.empty();
        }
        try {
            return Files.readAllLines(envFile).stream().filter(line -> line.startsWith(PREFIX))
                    .map(line -> line.substring(PREFIX.length()).strip()).filter(token -> !token.isEmpty())
                    .reduce((first, last) -> last);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + envFile, e);
        }
    }

    static String generate() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
