package io.clipvq.worker.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment variables the worker reads: every {@code ${NAME:default}} (or {@code ${NAME}}) reference in
 * its application.properties whose name has the form of an environment variable, nested defaults included
 * ({@code ${CLIPVQ_WORKER_ID:${HOSTNAME:worker}}} gives both). Lower-case references such as
 * {@code ${java.io.tmpdir}} are system properties and not counted. The worker's code reads no variable of its
 * own (no System.getenv in worker/src/main), so this is the whole list.
 */
final class WorkerVariables {

    static final Path APPLICATION_PROPERTIES = Path.of("worker/src/main/resources/application.properties");

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z0-9_.\\-]+)");
    private static final Pattern ENVIRONMENT_NAME = Pattern.compile("[A-Z][A-Z0-9_]*");

    private WorkerVariables() {
    }

    static Set<String> read() {
        return parse(RepoFiles.resolve(APPLICATION_PROPERTIES.toString()));
    }

    static Set<String> parse(Path properties) {
        try {
            Set<String> names = new TreeSet<>();
            for (String line : Files.readAllLines(properties)) {
                if (line.stripLeading().startsWith("#") || line.stripLeading().startsWith("!")) {
                    continue;
                }
                Matcher matcher = REFERENCE.matcher(line);
                while (matcher.find()) {
                    if (ENVIRONMENT_NAME.matcher(matcher.group(1)).matches()) {
                        names.add(matcher.group(1));
                    }
                }
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
