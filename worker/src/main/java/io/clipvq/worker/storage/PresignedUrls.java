package io.clipvq.worker.storage;

import io.minio.GetPresignedObjectUrlArgs;
import io.minio.Http;
import io.minio.MinioClient;
import io.minio.errors.MinioException;

import java.time.Duration;

/**
 * Time-limited GET links to objects of the bucket (AWS Signature V4 query strings), signed for the endpoint that the
 * link's reader uses. Signing is local: the client is given its region, so the SDK asks the storage nothing, and the
 * endpoint may be one this worker cannot reach itself (a public name in front of an internal S3 service).
 */
public final class PresignedUrls implements AutoCloseable {
    /** The longest expiry Signature V4 allows. */
    public static final Duration MAX_EXPIRY = Duration.ofDays(7);

    private final MinioClient signer;
    private final String bucket;
    private final int expirySeconds;

    /**
     * @param endpoint the storage endpoint as the link's reader reaches it, e.g. http://localhost:9000
     * @throws IllegalArgumentException when the expiry is not between 1 s and {@link #MAX_EXPIRY}
     */
    public PresignedUrls(String endpoint, String region, String accessKey, String secretKey, String bucket,
                         Duration expiry) {
        if (expiry.compareTo(Duration.ofSeconds(1)) < 0 || expiry.compareTo(MAX_EXPIRY) > 0) {
            throw new IllegalArgumentException("a presigned URL expires after 1 s to 7 days (604800 s), not "
                    + expiry.toSeconds() + " s");
        }
        this.signer = MinioClient.builder().endpoint(endpoint).region(region).credentials(accessKey, secretKey).build();
        this.bucket = bucket;
        this.expirySeconds = Math.toIntExact(expiry.toSeconds());
    }

    /** A URL that GETs the object for the configured expiry, without credentials. */
    public String get(String key) {
        try {
            return signer.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(Http.Method.GET)
                    .bucket(bucket).object(key).expiry(expirySeconds).build());
        } catch (MinioException e) {
            throw new StorageException("cannot sign a URL for '" + key + "' in bucket '" + bucket + "': "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws Exception {
        signer.close();
    }
}
