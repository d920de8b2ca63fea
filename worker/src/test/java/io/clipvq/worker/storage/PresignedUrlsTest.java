package io.clipvq.worker.storage;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PresignedUrlsTest {

    @Test
    void should_sign_for_the_given_endpoint_without_asking_the_storage_anything() throws Exception {
        // nothing listens on port 1 of this name: a signer that asked the storage (for the region) would fail
        try (PresignedUrls urls = new PresignedUrls("http://public.storage.invalid:1", "us-east-1", "AKID", "SECRET",
                "clipvq", Duration.ofSeconds(900))) {

            URI url = URI.create(urls.get("jobs/j1/p00000-r00.png"));

            assertThat(url.getHost()).isEqualTo("public.storage.invalid");
            assertThat(url.getPort()).isEqualTo(1);
            assertThat(url.getPath()).isEqualTo("/clipvq/jobs/j1/p00000-r00.png");
            assertThat(url.getQuery()).contains("X-Amz-Algorithm=AWS4-HMAC-SHA256").contains("X-Amz-Expires=900")
                    .contains("X-Amz-Credential=AKID/").contains("X-Amz-Signature=");
            assertThat(url.getQuery()).doesNotContain("SECRET");
        }
    }

    @Test
    void should_refuse_an_expiry_that_signature_v4_does_not_allow() {
        assertThatThrownBy(() -> new PresignedUrls("http://localhost:9000", "us-east-1", "a", "b", "clipvq",
                Duration.ZERO)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 s to 7 days");
        assertThatThrownBy(() -> new PresignedUrls("http://localhost:9000", "us-east-1", "a", "b", "clipvq",
                Duration.ofDays(7).plusSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    }
}
