package io.clipvq.devstack;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/** An S3-compatible HTTP server (s3proxy) storing buckets as folders and objects as files under one folder. */
final class S3Server implements AutoCloseable {

    private static final String HOST = "127.0.0.1";

    private S3Proxy proxy;
    private final BlobStore blobStore;
    private final int port;
    private final String accessKey;
    private final String secretKey;

    private S3Server(S3Proxy proxy, BlobStore blobStore, String accessKey, String secretKey) {
        this.proxy = proxy;
        this.blobStore = blobStore;
        this.port = proxy.getPort();
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    private static S3Proxy proxy(BlobStore blobStore, int port, String accessKey, String secretKey) {
        return S3Proxy.builder()
                .blobStore(blobStore)
                .endpoint(URI.create("http://" + HOST + ":" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                // no graceful drain on stop: clients are stopped before the stack, and a drain costs each close 1-2 s
                .stopTimeout(0)
                .build();
    }

    /** Stops answering (connections refused) until {@link #resumeServing}; the stored objects stay. For fault tests. */
    synchronized void stopServing() throws Exception {
        proxy.stop();
    }

    /** Answers again on the same port, from the same folder. */
    synchronized void resumeServing() throws Exception {
        proxy = proxy(blobStore, port, accessKey, secretKey);
        proxy.start();
    }

    static S3Server start(Path baseDir, int requestedPort, String accessKey, String secretKey, String bucket) throws Exception {
        FreePort.requireAvailable(requestedPort, "S3");
        Files.createDirectories(baseDir);
        BlobStore blobStore = new FilesystemNio2BlobStore(baseDir.toAbsolutePath().toString());
        S3Proxy proxy = proxy(blobStore, requestedPort, accessKey, secretKey);
        try {
            proxy.start();
            if (!blobStore.containerExists(bucket)) {
                blobStore.createContainer(bucket);
            }
        } catch (Exception e) {
            stopQuietly(proxy);
            blobStore.close();
            throw e;
        }
        return new S3Server(proxy, blobStore, accessKey, secretKey);
    }

    String endpoint() {
        return "http://" + HOST + ":" + port;
    }

    @Override
    public synchronized void close() throws Exception {
        try {
            proxy.stop();
        } finally {
            blobStore.close();
        }
    }

    private static void stopQuietly(S3Proxy proxy) {
        try {
            proxy.stop();
        } catch (Exception suppressed) {
            // the start failure is the error worth reporting
        }
    }
}
