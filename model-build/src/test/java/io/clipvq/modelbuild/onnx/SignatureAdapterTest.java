package io.clipvq.modelbuild.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SignatureAdapterTest {
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
    private static final long SOT = 49406;
    private static final long EOT = 49407;

    @TempDir
    Path dir;

    @Test
    void should_compute_the_attention_mask_from_the_ids_up_to_and_including_the_first_end_of_text() throws Exception {
        OnnxGraphBuilder g = new OnnxGraphBuilder("mask_probe");
        g.input("input_ids", OnnxType.INT64, "B", "L");
        String mask = g.input("attention_mask", OnnxType.INT64, "B", "L");
        g.output("seen", g.node("Cast", List.of(mask), Map.of("to", (long) OnnxType.FLOAT.code())), OnnxType.FLOAT,
                "B", "L");
        OnnxModelFile model = write(g.build());

        byte[] adapted = SignatureAdapter.adapt(model,
                List.of(new SignatureAdapter.Edge("input_ids", "input_ids", OnnxType.INT64)),
                List.of(new SignatureAdapter.Edge("seen", "seen", OnnxType.FLOAT)),
                new SignatureAdapter.MaskFromIds("attention_mask", "input_ids"));

        long[] ids = {SOT, 320, 1929, EOT, 0, 0, SOT, EOT, 0, 0, 0, 0};
        float[][] seen = (float[][]) run(adapted, Map.of("input_ids", longs(ids, 2, 6)), "seen");
        assertThat(seen).isDeepEqualTo(new float[][]{{1, 1, 1, 1, 0, 0}, {1, 1, 0, 0, 0, 0}});
        assertThat(sessionInputs(adapted)).containsExactly("input_ids");
    }

    @Test
    void should_rename_and_cast_int32_ids_to_the_signature_keeping_every_value() throws Exception {
        OnnxGraphBuilder g = new OnnxGraphBuilder("ids_probe");
        String ids = g.input("ids", OnnxType.INT32, "B", 3L);
        g.output("emb", g.node("Cast", List.of(ids), Map.of("to", (long) OnnxType.FLOAT.code())), OnnxType.FLOAT,
                "B", 3L);
        OnnxModelFile model = write(g.build());

        byte[] adapted = SignatureAdapter.adapt(model,
                List.of(new SignatureAdapter.Edge("ids", "input_ids", OnnxType.INT64)),
                List.of(new SignatureAdapter.Edge("emb", "text_embeds", OnnxType.FLOAT)));

        float[][] out = (float[][]) run(adapted, Map.of("input_ids", longs(new long[]{SOT, 7, EOT}, 1, 3)),
                "text_embeds");
        assertThat(out).isDeepEqualTo(new float[][]{{SOT, 7, EOT}});
    }

    @Test
    void should_retype_an_input_that_keeps_its_name() throws Exception {
        OnnxGraphBuilder g = new OnnxGraphBuilder("same_name");
        String ids = g.input("input_ids", OnnxType.INT32, "B", 2L);
        g.output("text_embeds", g.node("Cast", List.of(ids), Map.of("to", (long) OnnxType.FLOAT.code())),
                OnnxType.FLOAT, "B", 2L);
        OnnxModelFile model = write(g.build());

        byte[] adapted = SignatureAdapter.adapt(model,
                List.of(new SignatureAdapter.Edge("input_ids", "input_ids", OnnxType.INT64)),
                List.of(new SignatureAdapter.Edge("text_embeds", "text_embeds", OnnxType.FLOAT)));

        assertThat((float[][]) run(adapted, Map.of("input_ids", longs(new long[]{3, 4}, 1, 2)), "text_embeds"))
                .isDeepEqualTo(new float[][]{{3, 4}});
    }

    @Test
    void should_refuse_an_input_the_engine_would_not_feed() throws Exception {
        OnnxGraphBuilder g = new OnnxGraphBuilder("extra");
        String ids = g.input("input_ids", OnnxType.INT64, "B", 2L);
        g.input("token_type_ids", OnnxType.INT64, "B", 2L);
        g.output("y", ids, OnnxType.INT64, "B", 2L);
        OnnxModelFile model = write(g.build());

        assertThatThrownBy(() -> SignatureAdapter.adapt(model,
                List.of(new SignatureAdapter.Edge("input_ids", "input_ids", OnnxType.INT64)),
                List.of(new SignatureAdapter.Edge("y", "y", OnnxType.INT64))))
                .hasMessage(model.file() + ": input token_type_ids int64 [?, 2] is not one the bundle's engine feeds");
    }

    @Test
    void should_keep_every_weight_byte_for_byte() throws Exception {
        OnnxGraphBuilder g = new OnnxGraphBuilder("weights");
        String x = g.input("pixels", OnnxType.FLOAT, "B", 2L);
        String w = g.initializer("proj.weight", new float[]{1, 2, 3, 4}, 2, 2);
        g.output("emb", g.node("MatMul", List.of(x, w), Map.of()), OnnxType.FLOAT, "B", 2L);
        OnnxModelFile model = write(g.build());

        OnnxModelFile adapted = write(SignatureAdapter.adapt(model,
                List.of(new SignatureAdapter.Edge("pixels", "pixel_values", OnnxType.FLOAT)),
                List.of(new SignatureAdapter.Edge("emb", "image_embeds", OnnxType.FLOAT))));

        assertThat(adapted.model().getGraph().getInitializerList())
                .isEqualTo(model.model().getGraph().getInitializerList());
        assertThat(adapted.model().getGraph().getNodeList()).containsSubsequence(model.model().getGraph().getNodeList());
    }

    private OnnxModelFile write(byte[] model) throws IOException {
        Path file = Files.createTempFile(dir, "model", ".onnx");
        Files.write(file, model);
        return OnnxModelFile.read(file);
    }

    private static OnnxTensor longs(long[] values, int rows, int columns) throws OrtException {
        return OnnxTensor.createTensor(ENV, LongBuffer.wrap(values), new long[]{rows, columns});
    }

    private static Object run(byte[] model, Map<String, OnnxTensor> inputs, String output) throws OrtException {
        try (OrtSession session = ENV.createSession(model);
             OrtSession.Result result = session.run(inputs, java.util.Set.of(output))) {
            return result.get(0).getValue();
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private static java.util.Set<String> sessionInputs(byte[] model) throws OrtException {
        try (OrtSession session = ENV.createSession(model)) {
            return session.getInputNames();
        }
    }
}
