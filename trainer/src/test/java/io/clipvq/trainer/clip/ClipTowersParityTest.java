package io.clipvq.trainer.clip;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.clipvq.engine.text.ClipTokenizer;
import io.clipvq.modelbuild.graphs.ClipConvImageSpec;
import io.clipvq.modelbuild.graphs.ClipImageGraph;
import io.clipvq.modelbuild.graphs.ClipImageSpec;
import io.clipvq.modelbuild.graphs.ClipTextGraph;
import io.clipvq.modelbuild.graphs.ClipTextSpec;
import io.clipvq.modelbuild.graphs.RandomWeights;
import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class ClipTowersParityTest {
    private static final ClipTextSpec TEXT = ClipTextSpec.of(16, 2, 2, 8);
    private static final ClipImageSpec IMAGE = new ClipImageSpec(32, 8, 16, 2, 4, 4, 8);
    private static final List<String> CAPTIONS = List.of("a small red circle on the left on a black background",
            "a big blue box", "an orange plus sign in the middle on a white background");

    @Test
    void should_give_the_same_text_embeddings_in_djl_and_in_onnx_runtime() throws Exception {
        long[][] rows = ClipTokenizer.openDefault().tokenize(CAPTIONS);
        int batch = rows.length;
        int c = TEXT.contextLength();
        long[] ids = new long[batch * c];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(rows[b], 0, ids, b * c, c);
        }
        Map<String, float[]> weights = RandomWeights.generate(ClipModel.layout(TEXT, IMAGE), 3, 0.2);
        float[] full;
        float[] cut;
        int used = ClipTextTower.usedLength(ids, batch, c);
        try (NDManager manager = NDManager.newBaseManager();
             ClipModel model = ClipModel.of(manager, TEXT, IMAGE, weights)) {
            full = model.text().forward(manager.create(ids, new Shape(batch, c))).toFloatArray();
            long[] shortIds = new long[batch * used];
            for (int b = 0; b < batch; b++) {
                System.arraycopy(ids, b * c, shortIds, b * used, used);
            }
            cut = model.text().forward(manager.create(shortIds, new Shape(batch, used))).toFloatArray();
            weights = model.exportWeights();
        }
        float[] onnx = run(ClipTextGraph.build(TEXT, weights), ClipTextGraph.INPUT_IDS, ClipTextGraph.OUTPUT_EMBEDS,
                env -> OnnxTensor.createTensor(env, LongBuffer.wrap(ids), new long[] {batch, c}));

        assertThat(used).isLessThan(20);
        assertThat(full).hasSize(batch * TEXT.embedDim());
        assertThat(maxAbsDiff(full, onnx)).isLessThan(1e-4f);
        // the causal tower cut after the last end token computes the same function
        assertThat(maxAbsDiff(full, cut)).isLessThan(1e-5f);
        assertThat(maxAbsDiff(full, new float[full.length])).isGreaterThan(1e-2f);
    }

    @Test
    void should_give_the_same_image_embeddings_in_djl_and_in_onnx_runtime() throws Exception {
        int batch = 3;
        int s = IMAGE.imageSize();
        float[] pixels = new float[batch * 3 * s * s];
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextGaussian();
        }
        Map<String, float[]> weights = RandomWeights.generate(ClipModel.layout(TEXT, IMAGE), 4, 0.2);
        float[] djl;
        try (NDManager manager = NDManager.newBaseManager();
             ClipModel model = ClipModel.of(manager, TEXT, IMAGE, weights)) {
            djl = model.image().forward(manager.create(pixels, new Shape(batch, 3, s, s))).toFloatArray();
            weights = model.exportWeights();
        }
        float[] onnx = run(ClipImageGraph.build(IMAGE, weights), ClipImageGraph.INPUT_PIXELS, ClipImageGraph.OUTPUT_EMBEDS,
                env -> OnnxTensor.createTensor(env, FloatBuffer.wrap(pixels), new long[] {batch, 3, s, s}));

        assertThat(djl).hasSize(batch * IMAGE.embedDim());
        assertThat(maxAbsDiff(djl, onnx)).isLessThan(1e-4f);
        assertThat(maxAbsDiff(djl, new float[djl.length])).isGreaterThan(1e-2f);
    }

    @Test
    void should_give_the_same_cnn_image_embeddings_in_djl_and_in_onnx_runtime() throws Exception {
        ClipConvImageSpec conv = new ClipConvImageSpec(32, 4, 3, 8);
        int batch = 3;
        int s = conv.imageSize();
        float[] pixels = new float[batch * 3 * s * s];
        SplittableRandom random = new SplittableRandom(12);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextGaussian();
        }
        Map<String, float[]> weights = RandomWeights.generate(ClipModel.layout(TEXT, conv), 5, 0.2);
        float[] djl;
        try (NDManager manager = NDManager.newBaseManager();
             ClipModel model = ClipModel.of(manager, TEXT, conv, weights)) {
            djl = model.image().forward(manager.create(pixels, new Shape(batch, 3, s, s))).toFloatArray();
            weights = model.exportWeights();
        }
        float[] onnx = run(ClipImageGraph.build(conv, weights), ClipImageGraph.INPUT_PIXELS, ClipImageGraph.OUTPUT_EMBEDS,
                env -> OnnxTensor.createTensor(env, FloatBuffer.wrap(pixels), new long[] {batch, 3, s, s}));

        assertThat(djl).hasSize(batch * conv.embedDim());
        assertThat(maxAbsDiff(djl, onnx)).isLessThan(1e-4f);
        assertThat(maxAbsDiff(djl, new float[djl.length])).isGreaterThan(1e-2f);
    }

    interface TensorFactory {
        OnnxTensor create(OrtEnvironment env) throws Exception;
    }

    static float[] run(byte[] model, String input, String output, TensorFactory tensor) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(model, new OrtSession.SessionOptions());
             OnnxTensor x = tensor.create(env);
             OrtSession.Result result = session.run(Map.of(input, x))) {
            return ((OnnxTensor) result.get(output).orElseThrow()).getFloatBuffer().array();
        }
    }

    static float maxAbsDiff(float[] a, float[] b) {
        assertThat(b).hasSameSizeAs(a);
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
