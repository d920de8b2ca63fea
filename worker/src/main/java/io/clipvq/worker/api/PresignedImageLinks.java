package io.clipvq.worker.api;

import io.clipvq.worker.storage.ImageStore;
import io.clipvq.worker.storage.PresignedUrls;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * {@link ImageLinks} as presigned GET URLs of the worker's bucket, signed for clipvq-api.public-storage-endpoint when
 * it is set (the name browsers reach the storage by), else for the worker's own storage endpoint. A bad expiry stops
 * the worker at start, naming the setting.
 */
@Startup
@ApplicationScoped
public class PresignedImageLinks implements ImageLinks {

    private final PresignedUrls urls;

    PresignedImageLinks(ImageStore store, ApiConfig config) {
        try {
            this.urls = store.presignedUrls(config.publicStorageEndpoint().filter(e -> !e.isBlank()).orElse(null),
                    Duration.ofSeconds(config.imageUrlExpiryS()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("clipvq-api.image-url-expiry-s (CLIPVQ_API_IMAGE_URL_EXPIRY_S): "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String urlOf(String objectKey) {
        return urls.get(objectKey);
    }

    @PreDestroy
    void close() throws Exception {
        urls.close();
    }
}
