package io.clipvq.trainer.clip;

import ai.djl.ndarray.NDManager;
import io.clipvq.contracts.bundle.BundleManifest;
import io.clipvq.contracts.bundle.BundleSignatures;
import io.clipvq.engine.clip.ClipPreprocessor;
import io.clipvq.engine.text.ClipTokenizer;
import io.clipvq.trainer.worlds.shapes.ShapesRenderer;
import io.clipvq.trainer.worlds.shapes.ShapesZeroShot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ClipExportTest {

    @Test
    void should_export_files_that_onnx_runtime_loads_and_that_embed_like_the_djl_towers(@TempDir Path dir) throws Exception {
        BundleManifest.ClipPreprocessing clip = BundleManifest.ClipPreprocessing.openAi(32);
        ClipPreprocessor preprocessor = ClipPreprocessor.fromManifest(clip);
        ClipTokenizer tokenizer = ClipTokenizer.openDefault();
        List<float[]> scenes = ShapesZeroShot.scenes(5, 9).stream().map(s -> ShapesRenderer.render(s).toChw()).toList();
        List<String> texts = List.of("a small red circle on the left on a black background", "a big blue box",
                "a picture of a green plus sign at the top", "on a gray background, a tiny triangle");
        float[][] djlTexts;
        float[][] djlImages;
        ClipExport.Spec spec;
        try (NDManager manager = NDManager.newBaseManager();
             ClipTraining training = new ClipTraining(manager, ClipTrainingTest.TEXT, ClipTrainingTest.IMAGE,
                     new CaptionedPairs(io.clipvq.trainer.worlds.shapes.ShapesDataset.builder().build().captioned(16),
                             tokenizer, preprocessor), new ClipTrainingConfig(8, 1e-3, 4))) {
            for (int i = 0; i < 3; i++) {
                training.step();
            }
            ClipModel model = training.model();
            DjlClipEmbedder djl = new DjlClipEmbedder(model, tokenizer, preprocessor);
            djlTexts = djl.embedTexts(texts);
            djlImages = djl.embedImages(scenes);
            spec = new ClipExport.Spec(model.textSpec(), model.imageSpec(), clip, model.logitScale().getFloat(),
                    Map.of("steps", 3));
            ClipExport.write(dir, spec, model.exportWeights());
        }
        float[][] onnxTexts;
        float[][] onnxImages;
        try (OnnxClipEmbedder onnx = OnnxClipEmbedder.open(dir.resolve(BundleSignatures.CLIP_TEXT),
                dir.resolve(BundleSignatures.CLIP_IMAGE), tokenizer, preprocessor)) {
            onnxTexts = onnx.embedTexts(texts);
            onnxImages = onnx.embedImages(scenes);
        }
        assertThat(maxAbsDiff(djlTexts, onnxTexts)).isLessThan(1e-4f);
        assertThat(maxAbsDiff(djlImages, onnxImages)).isLessThan(1e-4f);
        // distinct inputs give distinct embeddings, so the comparison above compares something
        assertThat(maxAbsDiff(new float[][] {djlTexts[0]}, new float[][] {djlTexts[1]})).isGreaterThan(1e-3f);

        ClipExport.Spec read = ClipExport.readSpec(dir.resolve(ClipExport.SPEC_FILE));
        assertThat(read.text()).isEqualTo(spec.text());
        assertThat(read.image()).isEqualTo(spec.image());
        assertThat(read.clip()).isEqualTo(clip);
        assertThat(read.logitScale()).isEqualTo(spec.logitScale());
    }

    private static float maxAbsDiff(float[][] a, float[][] b) {
        assertThat(b.length).isEqualTo(a.length);
        float max = 0;
        for (int r = 0; r < a.length; r++) {
            assertThat(b[r]).hasSameSizeAs(a[r]);
            for (int j = 0; j < a[r].length; j++) {
                max = Math.max(max, Math.abs(a[r][j] - b[r][j]));
            }
        }
        return max;
    }
}
