package io.clipvq.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Stands in for the worker in LocalStackMainIT: records the worker variables it was started with, then exits. */
public final class FakeWorkerMain {

    private FakeWorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        List<String> lines = new ArrayList<>();
        for (String name : WorkerEnvironment.NAMES) {
            lines.add(name + "=" + System.getenv(name));
        }
        lines.add(WorkerEnvironment.MODEL_BUNDLE_DIR + "=" + System.getenv(WorkerEnvironment.MODEL_BUNDLE_DIR));
        lines.add(WorkerEnvironment.API_TOKEN + "=" + System.getenv(WorkerEnvironment.API_TOKEN));
        Files.write(Path.of(System.getProperty("fake.worker.output")), lines);
        System.exit(Integer.getInteger("fake.worker.exit", 0));
    }
}
