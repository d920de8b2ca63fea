package io.clipvq.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStackMainIT {

    @TempDir
    Path dir;

    @Test
    void should_start_the_worker_with_the_stack_endpoints_and_stop_the_stack_when_it_exits() throws Exception {
        Path workerJar = fakeWorkerJar();
        Path output = dir.resolve("worker-saw.env");
        Path dataDir = dir.resolve("data");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        int exit = LocalStackMain.run(new String[] {
                "--data-dir", dataDir.toString(), "--worker-jar", workerJar.toString(),
                "--worker-jvm-arg", "-Dfake.worker.output=" + output,
                "--kafka-port", "0", "--postgres-port", "0", "--s3-port", "0"},
                new PrintStream(printed, true, StandardCharsets.UTF_8), new PrintStream(OutputStream.nullOutputStream()));

        assertThat(exit).isZero();
        Map<String, String> seen = readEnv(output);
        assertThat(seen).isEqualTo(readEnv(dataDir.resolve("worker.env")));
        assertThat(seen.get(WorkerEnvironment.DATASOURCE_JDBC_URL)).matches("jdbc:postgresql://127\\.0\\.0\\.1:\\d+/clipvq");
        assertThat(seen.get(WorkerEnvironment.STORAGE_BUCKET)).isEqualTo("clipvq");
        // no --bundle, no env and no models/shapes under the test's project root: a random bundle is generated
        assertThat(Path.of(seen.get(WorkerEnvironment.MODEL_BUNDLE_DIR)).resolve("manifest.json")).isRegularFile();
        // a generated API token (none in the environment, no earlier worker.env), handed over and printed
        assertThat(seen.get(WorkerEnvironment.API_TOKEN)).matches("[A-Za-z0-9_-]{43}");
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("clipvq local stack is up")
                .contains(seen.get(WorkerEnvironment.KAFKA_BOOTSTRAP_SERVERS))
                .contains("gallery     http://localhost:")
                .contains("(API token " + seen.get(WorkerEnvironment.API_TOKEN) + ")")
                .contains("Authorization: Bearer $CLIPVQ_API_TOKEN");

        // the worker exited, so the services are down and their ports free again
        assertThat(canBind(Integer.parseInt(seen.get(WorkerEnvironment.KAFKA_BOOTSTRAP_SERVERS).split(":")[1]))).isTrue();
        assertThat(canBind(URI.create(seen.get(WorkerEnvironment.STORAGE_ENDPOINT)).getPort())).isTrue();
    }

    @Test
    void should_say_how_to_build_the_worker_when_its_jar_is_missing() throws Exception {
        ByteArrayOutputStream errors = new ByteArrayOutputStream();

        int exit = LocalStackMain.run(new String[] {"--data-dir", dir.toString(), "--worker-jar", "missing/quarkus-run.jar"},
                new PrintStream(OutputStream.nullOutputStream()), new PrintStream(errors, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(1);
        assertThat(errors.toString(StandardCharsets.UTF_8))
                .contains("missing/quarkus-run.jar does not exist")
                .contains(LocalStackMain.BUILD_WORKER_COMMAND);
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void should_start_again_on_a_data_folder_whose_launcher_was_killed() throws Exception {
        Path dataDir = dir.resolve("data");
        Path printed = dir.resolve("launcher.out");
        Process launcher = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LocalStackMain.class.getName(),
                "--no-worker", "--data-dir", dataDir.toString(), "--kafka-port", "0", "--postgres-port", "0", "--s3-port", "0")
                .redirectErrorStream(true).redirectOutput(printed.toFile()).start();
        try {
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (!Files.readString(printed).contains("Press Ctrl-C") && System.nanoTime() < deadline && launcher.isAlive()) {
                Thread.sleep(200);
            }
            assertThat(Files.readString(printed)).contains("Press Ctrl-C");
        } finally {
            launcher.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook runs, PostgreSQL is left running
        }
        long leftoverPid = Long.parseLong(Files.readAllLines(dataDir.resolve("postgres/postmaster.pid")).get(0).strip());

        try (DevStack stack = DevStack.builder().optDataDir(dataDir).start();
             Connection db = DriverManager.getConnection(stack.jdbcUrl(), stack.jdbcUser(), stack.jdbcPassword());
             Statement sql = db.createStatement();
             ResultSet row = sql.executeQuery("SELECT pg_backend_pid() > 0")) {
            assertThat(row.next()).isTrue();
            assertThat(ProcessHandle.of(leftoverPid).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
        }
    }

    /** A jar whose manifest runs FakeWorkerMain from this module's compiled classes. */
    private Path fakeWorkerJar() throws Exception {
        Manifest manifest = new Manifest();
        Attributes attributes = manifest.getMainAttributes();
        attributes.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        attributes.put(Attributes.Name.MAIN_CLASS, FakeWorkerMain.class.getName());
        Path testClasses = Path.of(FakeWorkerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path mainClasses = Path.of(WorkerEnvironment.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        attributes.put(Attributes.Name.CLASS_PATH, testClasses.toUri() + " " + mainClasses.toUri());
        Path jar = dir.resolve("fake-worker.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            // the manifest is all it needs
        }
        return jar;
    }

    private static Map<String, String> readEnv(Path file) throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.startsWith("#") && line.contains("=")) {
                values.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        return values;
    }

    private static boolean canBind(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
