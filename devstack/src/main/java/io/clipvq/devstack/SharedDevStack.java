package io.clipvq.devstack;

/**
 * One {@link DevStack} per JVM for integration tests: started on first use on a temporary folder, stopped by a
 * shutdown hook. Starting the stack costs seconds, so every test class in a test JVM shares it; tests keep apart
 * by using their own topic names, job ids and object prefixes.
 *
 * <p>For a Quarkus test resource: {@code WorkerEnvironment.of(SharedDevStack.get())} gives the worker's settings.
 */
public final class SharedDevStack {

    private static DevStack instance;

    private SharedDevStack() {
    }

    public static synchronized DevStack get() {
        if (instance == null) {
            try {
                instance = DevStack.builder().start();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("could not start the shared DevStack: " + e.getMessage(), e);
            }
            DevStack started = instance;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(started), "devstack-shutdown"));
        }
        return instance;
    }

    private static void closeQuietly(DevStack stack) {
        try {
            stack.close();
        } catch (Exception e) {
            System.err.println("devstack: error while stopping the shared stack: " + e);
        }
    }
}
