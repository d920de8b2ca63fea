package io.clipvq.worker.storage;

import io.clipvq.worker.config.WorkerConfig;
import io.minio.BucketExistsArgs;
import io.minio.DownloadObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.Result;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import io.minio.messages.Item;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The object storage of the worker (any S3-compatible server, through the MinIO SDK). The bucket is created at
 * start when it is missing.
 */
@Startup
@ApplicationScoped
public class ImageStore implements ImageObjects {
    private static final Logger LOG = Logger.getLogger(ImageStore.class);

    private final MinioClient client;
    private final WorkerConfig.Storage storage;
    private final String bucket;

    ImageStore(WorkerConfig config) {
        WorkerConfig.Storage storage = config.storage();
        this.storage = storage;
        this.bucket = storage.bucket();
        this.client = MinioClient.builder().endpoint(storage.endpoint()).region(storage.region())
                .credentials(storage.accessKey(), storage.secretKey()).build();
        ensureBucket();
    }

    public String bucket() {
        return bucket;
    }

    private void ensureBucket() {
        try {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
                LOG.infof("created bucket %s", bucket);
            }
        } catch (ErrorResponseException e) {
            // another pod created it between our check and our create
            if (!"BucketAlreadyOwnedByYou".equals(e.errorResponse().code())
                    && !"BucketAlreadyExists".equals(e.errorResponse().code())) {
                throw new StorageException("cannot create bucket '" + bucket + "': " + e.getMessage(), e);
            }
        } catch (MinioException e) {
            throw new StorageException("cannot reach bucket '" + bucket + "' at the storage endpoint: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void putPng(String key, byte[] png, Map<String, String> metadata) {
        try {
            client.putObject(PutObjectArgs.builder().bucket(bucket).object(key).data(png, png.length)
                    .contentType("image/png").userMetadata(metadata).build());
        } catch (MinioException e) {
            throw new StorageException("cannot write object '" + key + "' to bucket '" + bucket + "': "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            // the SDK reports an unreachable server as a RuntimeException around the IOException
            if (e.getCause() instanceof java.io.IOException io) {
                throw new StorageException("cannot write object '" + key + "' to bucket '" + bucket + "': "
                        + io, e);
            }
            throw e;
        }
    }

    /** Keys under a prefix (used by the S3 bundle source and by checks). */
    public List<String> list(String prefix) {
        List<String> keys = new ArrayList<>();
        try {
            for (Result<Item> result : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix)
                    .recursive(true).build())) {
                keys.add(result.get().objectName());
            }
        } catch (MinioException e) {
            throw new StorageException("cannot list '" + prefix + "' in bucket '" + bucket + "': " + e.getMessage(), e);
        }
        return keys;
    }

    /** Keys under a prefix with their sizes in bytes, in key order (model discovery sizes bundles by it). */
    public java.util.SortedMap<String, Long> sizes(String prefix) {
        java.util.SortedMap<String, Long> sizes = new java.util.TreeMap<>();
        try {
            for (Result<Item> result : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix)
                    .recursive(true).build())) {
                Item item = result.get();
                sizes.put(item.objectName(), item.size());
            }
        } catch (MinioException e) {
            throw new StorageException("cannot list '" + prefix + "' in bucket '" + bucket + "': " + e.getMessage(), e);
        }
        return sizes;
    }

    /** One object's bytes (small objects only: a bundle manifest). */
    public byte[] read(String key) {
        try (var in = client.getObject(io.minio.GetObjectArgs.builder().bucket(bucket).object(key).build())) {
            return in.readAllBytes();
        } catch (MinioException | java.io.IOException e) {
            throw new StorageException("cannot read '" + key + "' from bucket '" + bucket + "': " + e.getMessage(), e);
        }
    }

    public void download(String key, Path target) {
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            Files.deleteIfExists(target);
            client.downloadObject(DownloadObjectArgs.builder().bucket(bucket).object(key)
                    .filename(target.toString()).build());
        } catch (MinioException | java.io.IOException e) {
            throw new StorageException("cannot download '" + key + "' from bucket '" + bucket + "' to " + target
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * Signs GET links to this bucket's objects with this worker's credentials.
     *
     * @param publicEndpoint the endpoint the links' readers reach the storage at (a browser, outside the cluster);
     *                       null: the worker's own storage endpoint
     */
    public PresignedUrls presignedUrls(String publicEndpoint, java.time.Duration expiry) {
        return new PresignedUrls(publicEndpoint != null ? publicEndpoint : storage.endpoint(), storage.region(),
                storage.accessKey(), storage.secretKey(), bucket, expiry);
    }

    /** True when the storage answers and the bucket exists (the readiness check). */
    public boolean isBucketReachable() {
        try {
            return client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build());
        } catch (MinioException e) {
            return false;
        }
    }

    @PreDestroy
    void close() {
        try {
            client.close();
        } catch (Exception e) {
            LOG.debug("closing the storage client", e);
        }
    }
}
