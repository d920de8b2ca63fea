package io.clipvq.trainer.clip;

import io.clipvq.contracts.bundle.BundleSignatures;
import io.clipvq.modelbuild.graphs.ClipConvImageSpec;
import io.clipvq.modelbuild.graphs.ClipImageSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TrainClipCommandTest {
    private static final String[] TINY = {"--pairs", "48", "--batch-size", "16", "--steps", "4", "--embed-dim", "16",
            "--text-width", "16", "--text-layers", "1", "--text-heads", "2", "--image-width", "4", "--image-stages", "2",
            "--warmup-steps", "2", "--eval-scenes", "6", "--seed", "3"};

    @Test
    void should_train_export_and_record_the_run_in_the_spec_file(@TempDir Path dir) throws Exception {
        int exit = new CommandLine(new TrainClipCommand()).execute(concat("--output", dir.toString()));

        assertThat(exit).isZero();
        assertThat(dir.resolve(BundleSignatures.CLIP_TEXT)).isNotEmptyFile();
        assertThat(dir.resolve(BundleSignatures.CLIP_IMAGE)).isNotEmptyFile();
        assertThat(dir.resolve(TrainClipCommand.CHECKPOINT)).isNotEmptyFile();
        assertThat(dir.resolve(TrainClipCommand.LOSS_CURVE)).isNotEmptyFile();
        ClipExport.Spec spec = ClipExport.readSpec(dir.resolve(ClipExport.SPEC_FILE));
        assertThat(spec.text().width()).isEqualTo(16);
        assertThat(spec.image()).isEqualTo(new ClipConvImageSpec(32, 4, 2, 16));
        assertThat(spec.clip().imageSize()).isEqualTo(32);
        assertThat(spec.training()).containsEntry("steps", 4).containsEntry("schedule", "cosine").containsEntry("zeroShotScenes", 6);
        assertThat(((Map<?, ?>) spec.training().get("zeroShot")).keySet()).map(Object::toString).contains("full/shape", "single/background");
    }

    @Test
    void should_train_and_read_back_a_vit_image_tower_when_asked(@TempDir Path dir) throws Exception {
        int exit = new CommandLine(new TrainClipCommand()).execute(concat("--output", dir.toString(), "--image-tower", "vit",
                "--image-layers", "1", "--image-heads", "2", "--patch-size", "8"));

        assertThat(exit).isZero();
        ClipExport.Spec spec = ClipExport.readSpec(dir.resolve(ClipExport.SPEC_FILE));
        assertThat(spec.image()).isEqualTo(new ClipImageSpec(32, 8, 4, 1, 2, 4, 16));
    }

    @Test
    void should_name_the_option_when_the_mean_is_not_three_values(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new TrainClipCommand());
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(concat("--output", dir.toString(), "--mean", "0.5,0.5"));

        assertThat(exit).isNotZero();
        assertThat(err.toString()).contains("--mean needs 3 comma-separated values");
    }

    private static String[] concat(String... extra) {
        String[] all = new String[TINY.length + extra.length];
        System.arraycopy(TINY, 0, all, 0, TINY.length);
        System.arraycopy(extra, 0, all, TINY.length, extra.length);
        return all;
    }
}
