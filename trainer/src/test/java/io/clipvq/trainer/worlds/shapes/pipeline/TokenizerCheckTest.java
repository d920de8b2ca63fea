package io.clipvq.trainer.worlds.shapes.pipeline;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.clipvq.modelbuild.graphs.VqDecoderGraph;
import io.clipvq.modelbuild.graphs.VqEncoderGraph;
import io.clipvq.modelbuild.graphs.VqGanSpec;
import io.clipvq.trainer.checkpoint.Checkpoint;
import io.clipvq.trainer.checkpoint.ModelSpecs;
import io.clipvq.trainer.nn.Initializer;
import io.clipvq.trainer.worlds.shapes.Attribute;
import io.clipvq.trainer.worlds.shapes.AttributeChecker;
import io.clipvq.trainer.worlds.shapes.ShapeScene;
import io.clipvq.trainer.worlds.shapes.ShapesDataset;
import io.clipvq.trainer.worlds.shapes.ShapesImage;
import io.clipvq.trainer.worlds.shapes.ShapesRenderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The tokenizer check (DJL, batched) against the same measurement made image by image through the exported ONNX files. */
class TokenizerCheckTest {
    private static final VqGanSpec SPEC = new VqGanSpec(16, 4, 8, 8, 4, 8);

    @Test
    void should_match_a_measurement_through_the_exported_encoder_and_decoder(@TempDir Path dir) throws Exception {
        Map<String, float[]> weights = Initializer.initialWeights(SPEC.layout(), 3);
        Path checkpoint = dir.resolve("vqgan.ckpt");
        save(weights, checkpoint);
        List<ShapeScene> scenes = ShapesDataset.builder().optSeed(5).build().captioned(70).stream()
                .map(ShapesDataset.CaptionedScene::scene).toList(); // 70: one full batch of 64 and a partial one

        TokenizerCheck.Result result = TokenizerCheck.measure(checkpoint, scenes);

        AttributeChecker checker = AttributeChecker.builder().build();
        long samePixels = 0;
        Map<Attribute, Integer> agreeing = new HashMap<>();
        Set<Long> codesUsed = new HashSet<>();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession encoder = env.createSession(VqEncoderGraph.build(SPEC, weights), new OrtSession.SessionOptions());
             OrtSession decoder = env.createSession(VqDecoderGraph.build(SPEC, weights), new OrtSession.SessionOptions())) {
            for (ShapeScene scene : scenes) {
                ShapesImage original = ShapesRenderer.render(scene);
                long[] codes;
                try (OnnxTensor image = OnnxTensor.createTensor(env, FloatBuffer.wrap(original.toChw()), new long[] {1, 3, 32, 32});
                     OrtSession.Result r = encoder.run(Map.of(VqEncoderGraph.INPUT_IMAGE, image))) {
                    codes = ((OnnxTensor) r.get(VqEncoderGraph.OUTPUT_CODES).orElseThrow()).getLongBuffer().array();
                }
                for (long c : codes) {
                    codesUsed.add(c);
                }
                float[] decoded;
                try (OnnxTensor input = OnnxTensor.createTensor(env, LongBuffer.wrap(codes), new long[] {1, 8, 8});
                     OrtSession.Result r = decoder.run(Map.of(VqDecoderGraph.INPUT_CODES, input))) {
                    decoded = ((OnnxTensor) r.get(VqDecoderGraph.OUTPUT_IMAGE).orElseThrow()).getFloatBuffer().array();
                }
                ShapesImage reconstructed = ShapesImage.fromChw(decoded);
                for (int p = 0; p < ShapesImage.PIXELS; p++) {
                    samePixels += original.packed()[p] == reconstructed.packed()[p] ? 1 : 0;
                }
                var read = checker.check(reconstructed);
                for (Attribute a : Attribute.values()) {
                    if (read.value(a).equals(Optional.of(scene.value(a)))) {
                        agreeing.merge(a, 1, Integer::sum);
                    }
                }
            }
        }
        assertThat(result.images()).isEqualTo(70);
        assertThat(result.codebookSize()).isEqualTo(16);
        // float noise between the two runtimes may move a code at a near tie or a pixel level at a .5 boundary
        assertThat(result.codesUsed()).isCloseTo(codesUsed.size(), within(1));
        assertThat(result.exactPixels()).isCloseTo(samePixels / (70.0 * ShapesImage.PIXELS), within(0.002));
        for (Attribute a : Attribute.values()) {
            assertThat(result.agreement().get(a)).as(a.label())
                    .isCloseTo(agreeing.getOrDefault(a, 0) / 70.0, within(1.5 / 70));
        }
    }

    @Test
    void should_refuse_an_empty_scene_list(@TempDir Path dir) throws Exception {
        Path checkpoint = dir.resolve("vqgan.ckpt");
        save(Initializer.initialWeights(SPEC.layout(), 3), checkpoint);
        assertThatThrownBy(() -> TokenizerCheck.measure(checkpoint, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one scene");
    }

    private static void save(Map<String, float[]> weights, Path file) throws Exception {
        Map<String, float[]> tensors = new HashMap<>();
        weights.forEach((name, values) -> tensors.put("model." + name, values));
        new Checkpoint("vqgan", 1, tensors, Map.of(), Map.of(ModelSpecs.KEY, ModelSpecs.of(SPEC))).save(file);
    }
}
