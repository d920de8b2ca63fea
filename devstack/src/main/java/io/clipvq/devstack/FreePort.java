package io.clipvq.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Port selection for services that must be told their port before they bind (Kafka's two listeners). */
final class FreePort {

    private FreePort() {
    }

    /** {@code requested} when it is not 0, otherwise a port the OS reports free right now. */
    static int resolve(int requested) {
        if (requested < 0 || requested > 65535) {
            throw new IllegalArgumentException("port must be 0 (any free port) or 1..65535, got " + requested);
        }
        if (requested != 0) {
            return requested;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("could not find a free local port", e);
        }
    }

    /** Fails with a message naming the port and the service when a fixed port is already taken. */
    static void requireAvailable(int port, String service) {
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
}
