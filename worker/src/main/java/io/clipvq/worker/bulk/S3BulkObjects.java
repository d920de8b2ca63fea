package io.clipvq.worker.bulk;

import io.clipvq.worker.config.WorkerConfig;
import io.clipvq.worker.storage.ImageStore;
import io.clipvq.worker.storage.StorageException;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.errors.MinioException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@link BulkObjects} in the worker's bucket, through the MinIO SDK. */
@ApplicationScoped
public class S3BulkObjects implements BulkObjects {

    private final MinioClient client;
    private final String bucket;

    S3BulkObjects(WorkerConfig config, ImageStore images) {
        WorkerConfig.Storage storage = config.storage();
        this.bucket = images.bucket();
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
        try {
            client.putObject(PutObjectArgs.builder().bucket(bucket).object(key).data(bytes, bytes.length)
                    .contentType(contentType).build());
        } catch (MinioException e) {
            throw new StorageException("cannot write object '" + key + "' to bucket '" + bucket + "': "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void putFile(String key, Path file, String contentType) {
        try (InputStream in = Files.newInputStream(file)) {
            long size = Files.size(file);
            client.putObject(PutObjectArgs.builder().bucket(bucket).object(key).stream(in, size, 16L * 1024 * 1024)
                    .contentType(contentType).build());
        } catch (MinioException | IOException e) {
            throw new StorageException("cannot write object '" + key + "' to bucket '" + bucket + "': "
                    + e.getMessage(), e);
        }
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
