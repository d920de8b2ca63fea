package io.clipvq.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Port selection for services that must be told their port before they bind (Kafka's two listeners, a worker's HTTP
 * port).
 *
 * <p>A port picked here is free when picked, not when the service binds it. To keep that window safe, ports are
 * picked below the kernel's ephemeral range (Linux: {@code /proc/sys/net/ipv4/ip_local_port_range}, 32768-60999 by
 * default). The kernel hands out ephemeral ports on its own, to every outgoing connection and to every
 * {@code bind(0)} probe (embedded PostgreSQL picks its port with one, in parallel with Kafka), so a port in that range
 * can be taken by anything in between; a port below it only by a program that names it.
 */
public final class FreePort {

    /** Well-known service ports (PostgreSQL 5432, Kafka 9092, MinIO 9000, HTTP 8080) stay below this. */
    private static final int LOWEST = 10_000;
    private static final int MIN_RANGE = 1_000;
    private static final int TRIES_PER_PORT = 50;
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    private FreePort() {
    }

    /** One port, free right now, for a process that must be told its port before it starts (a worker's HTTP port). */
    public static int pick() {
        return pickDistinct(1)[0];
    }

    /** {@code requested} when it is not 0, otherwise a port the OS reports free right now. */
    static int resolve(int requested) {
        validate(requested);
        return requested != 0 ? requested : pick();
    }

    /**
     * {@code count} ports, free right now and different from each other. They are held open together while they
     * are picked: a port closed and picked again at once can be handed out a second time, which once gave Kafka's
     * broker and controller listeners the same port.
     */
    static int[] pickDistinct(int count) {
        int below = ephemeralRangeStart();
        List<ServerSocket> held = new ArrayList<>(count);
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = below - LOWEST >= MIN_RANGE ? bindBelow(below) : bind(0);
                held.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("could not find a free local port", e);
        } finally {
            held.forEach(FreePort::closeQuietly);
        }
    }

    /** A socket bound to a random free port in [{@value #LOWEST}, {@code below}). */
    private static ServerSocket bindBelow(int below) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < TRIES_PER_PORT; attempt++) {
            try {
                return bind(ThreadLocalRandom.current().nextInt(LOWEST, below));
            } catch (IOException taken) {
                last = taken;
            }
        }
        throw new IOException("no free port found in " + TRIES_PER_PORT + " random tries in " + LOWEST + ".." + (below - 1), last);
    }

    private static ServerSocket bind(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        try {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** The first port of the kernel's ephemeral range; 0 where the system does not say (then bind(0) is used). */
    static int ephemeralRangeStart() {
        try {
            // read by lines: JDK 17's Files.readString trusts the size procfs reports (0) and returned "3" here
            String[] range = Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+");
            return Integer.parseInt(range[0]);
        } catch (IOException | RuntimeException unknown) {
            return 0;
        }
    }

    /** Fails with a message naming the port and the service when a fixed port is already taken. */
    static void requireAvailable(int port, String service) {
        validate(port);
        if (port == 0) {
            return;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new IllegalStateException(service + " port " + port
                    + " is already in use on 127.0.0.1; stop what uses it or choose another port (0 = any free port)", e);
        }
    }

    private static void validate(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 (any free port) or 1..65535, got " + port);
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // a probe socket that will not close holds nothing the caller needs
        }
    }
}
