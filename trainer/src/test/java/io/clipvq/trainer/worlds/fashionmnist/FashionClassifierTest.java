package io.clipvq.trainer.worlds.fashionmnist;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Trains the evaluation classifier briefly on the real data (skipped, saying why, when the data is not installed). */
class FashionClassifierTest {
    private static FashionMnist data;

    @BeforeAll
    static void loadData() throws IOException {
        assumeTrue(FashionMnist.isInstalled(FashionMnist.DEFAULT_DIR),
                "Fashion-MNIST is not installed; " + FashionMnist.INSTALL_HINT);
        data = FashionMnist.load(FashionMnist.DEFAULT_DIR);
    }

    @Test
    void should_split_the_training_file_as_the_world_spec_says() {
        assertThat(data.captionedCount()).isEqualTo(30_000);
        assertThat(data.imageOnlyCount()).isEqualTo(30_000);
        assertThat(data.testCount()).isEqualTo(10_000);
        assertThat(data.imageOnly(0)).isSameAs(data.train(30_000).pixels());
        assertThat(data.captioned(29_999).pixels()).isSameAs(data.train(29_999).pixels());
    }

    @Test
    void should_classify_most_real_test_images_right_after_one_epoch() {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        try (FashionClassifier classifier = FashionClassifier.train(data, new FashionClassifier.Settings(1, 128, 1e-3, 0), quiet)) {
            assertThat(classifier.testAccuracy(data)).isGreaterThan(0.80);
        }
    }
}
