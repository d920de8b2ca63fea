package io.clipvq.devstack;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The whole-system bench's command line ({@link SystemBench}); prints its report as JSON on stdout, progress on
 * stderr.
 *
 * <pre>
 * ./mvnw -B -ntp -pl worker -am package -DskipTests     # the worker jar the bench starts
 * ./mvnw -B -ntp -pl devstack exec:java -Dexec.args="system-bench --jobs 8"   # after ./mvnw -B -ntp install -DskipTests
 * </pre>
 */
public final class SystemBenchMain {

    private SystemBenchMain() {
    }

    public static void main(String[] args) throws Exception {
        int exitCode = run(args, System.out, System.err);
        System.exit(exitCode);
    }

    public static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        SystemBenchOptions options;
        try {
            options = SystemBenchOptions.parse(args, projectRoot());
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println(SystemBenchOptions.USAGE);
            return 2;
        }
        if (options.help()) {
            out.println(SystemBenchOptions.USAGE);
            return 0;
        }
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        Path dataDir = Files.createTempDirectory("clipvq-system-bench");
        err.println("system-bench: data and worker log under " + dataDir);
        out.println(new SystemBench(options, err).run(dataDir).toPrettyString());
        return 0;
    }

    private static Path projectRoot() {
        String root = System.getProperty(LocalStackMain.PROJECT_ROOT_PROPERTY);
        return Path.of(root != null ? root : "").toAbsolutePath().normalize();
    }
}
