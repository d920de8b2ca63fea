package io.clipvq.worker.bulk;

import io.clipvq.worker.config.WorkerConfig;
import io.clipvq.worker.storage.ImageStore;
import io.clipvq.worker.storage.StorageException;
import io.clipvq.worker.storage.StorageRetry;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.errors.MinioException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@link BulkObjects} in the worker's bucket, through the MinIO SDK. Manifest and tar writes are idempotent and are
 * retried through a storage outage like image writes ({@link StorageRetry}).
 */
@ApplicationScoped
public class S3BulkObjects implements BulkObjects {

    private final MinioClient client;
    private final String bucket;
    private final StorageRetry retry;

    S3BulkObjects(WorkerConfig config, ImageStore images,
                  @ConfigProperty(name = "clipvq-storage.write-retry-ms", defaultValue = "300000") long retryMillis) {
        WorkerConfig.Storage storage = config.storage();
        this.bucket = images.bucket();
        this.retry = StorageRetry.upTo(Duration.ofMillis(retryMillis));
        this.client = MinioClient.builder().endpoint(storage.endpoint()).region(storage.region())
                .credentials(storage.accessKey(), storage.secretKey()).build();
    }

    @Override
    public String bucket() {
        return bucket;
    }

    @Override
    public InputStream open(String key) {
        try {
            return client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build());
        } catch (MinioException e) {
            throw new StorageException("cannot read object '" + key + "' from bucket '" + bucket + "': "
                    + e.getMessage(), e);
        }
    }

    @Override
    public byte[] read(String key) {
        try (InputStream in = open(key)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new StorageException("cannot read object '" + key + "' from bucket '" + bucket + "': "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void put(String key, byte[] bytes, String contentType) {
        retry.write(key, () -> {
            try {
                client.putObject(PutObjectArgs.builder().bucket(bucket).object(key).data(bytes, bytes.length)
                        .contentType(contentType).build());
            } catch (MinioException e) {
                throw new StorageException("cannot write object '" + key + "' to bucket '" + bucket + "': "
                        + e.getMessage(), e);
            } catch (RuntimeException e) {
                throw unreachable(key, e);
            }
        });
    }

    @Override
    public void putFile(String key, Path file, String contentType) {
        retry.write(key, () -> {
            try (InputStream in = Files.newInputStream(file)) {
                long size = Files.size(file);
                client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                        .stream(in, size, 16L * 1024 * 1024).contentType(contentType).build());
            } catch (MinioException | IOException e) {
                throw new StorageException("cannot write object '" + key + "' to bucket '" + bucket + "': "
                        + e.getMessage(), e);
            } catch (RuntimeException e) {
                throw unreachable(key, e);
            }
        });
    }

    /** The SDK reports an unreachable server as a RuntimeException around the IOException: a storage failure. */
    private RuntimeException unreachable(String key, RuntimeException e) {
        if (e instanceof StorageException || !(e.getCause() instanceof IOException io)) {
            return e;
        }
        return new StorageException("cannot write object '" + key + "' to bucket '" + bucket + "': " + io, e);
    }

    @PreDestroy
    void close() {
        try {
            client.close();
        } catch (Exception e) {
            // nothing left to release that matters at shutdown
        }
    }
}
