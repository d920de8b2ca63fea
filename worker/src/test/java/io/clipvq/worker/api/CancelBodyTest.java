package io.clipvq.worker.api;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class CancelBodyTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void should_take_no_body_as_no_reason() {
        assertThat(CancelBody.reasonOf(null)).isNull();
        assertThat(CancelBody.reasonOf(new byte[0])).isNull();
        assertThat(CancelBody.reasonOf(bytes(" \n"))).isNull();
        assertThat(CancelBody.reasonOf(bytes("{}"))).isNull();
        assertThat(CancelBody.reasonOf(bytes("{\"reason\": null}"))).isNull();
    }

    @Test
    void should_read_the_reason() {
        assertThat(CancelBody.reasonOf(bytes("{\"reason\": \"changed my mind\"}"))).isEqualTo("changed my mind");
    }

    @Test
    void should_refuse_other_bodies_naming_the_field() {
        assertThat(catchThrowableOfType(ApiException.class, () -> CancelBody.reasonOf(bytes("{\"reason\": 3}")))
                .body().field()).isEqualTo("reason");
        assertThat(catchThrowableOfType(ApiException.class, () -> CancelBody.reasonOf(bytes("{\"why\": \"x\"}")))
                .body().field()).isEqualTo("why");
        assertThat(catchThrowableOfType(ApiException.class, () -> CancelBody.reasonOf(bytes("[\"x\"]")))
                .body().field()).isEqualTo("$");
        ApiException notJson = catchThrowableOfType(ApiException.class, () -> CancelBody.reasonOf(bytes("reason=x")));
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.body().error()).contains("not JSON");
    }
}
