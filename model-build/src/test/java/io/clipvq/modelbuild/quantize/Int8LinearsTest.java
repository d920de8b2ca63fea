package io.clipvq.modelbuild.quantize;

import io.clipvq.modelbuild.onnx.OnnxGraphBuilder;
import io.clipvq.modelbuild.onnx.OnnxType;
import io.clipvq.modelbuild.onnx.proto.OnnxIr.ModelProto;
import io.clipvq.modelbuild.onnx.proto.OnnxIr.NodeProto;
import io.clipvq.modelbuild.onnx.proto.OnnxIr.TensorProto;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the rewrite touches; its arithmetic is checked in graphs.Int8LinearsOnGraphLayersTest. */
class Int8LinearsTest {

    @Test
    void should_rewrite_matmuls_by_weight_matrices_and_keep_matmuls_of_two_activations() throws Exception {
        OnnxGraphBuilder g = new OnnxGraphBuilder("mixed");
        String x = g.input("x", OnnxType.FLOAT, "B", 3L, 4L);
        String w = g.initializer("fc.weight.T", new float[]{1, 2, 3, 4, 5, 6, 7, 8}, 4, 2);
        String projected = g.node("MatMul", List.of(x, w), Map.of());
        String scores = g.node("MatMul", List.of(x, g.node("Transpose", List.of(x), Map.of("perm", new long[]{0, 2, 1}))),
                Map.of());
        g.output("projected", projected, OnnxType.FLOAT, "B", 3L, 2L);
        g.output("scores", scores, OnnxType.FLOAT, "B", 3L, 3L);

        ModelProto quantized = ModelProto.parseFrom(Int8Linears.quantize(g.build()));

        List<NodeProto> nodes = quantized.getGraph().getNodeList();
        assertThat(nodes).filteredOn(n -> n.getOpType().equals("MatMul")).hasSize(1)
                .allSatisfy(n -> assertThat(n.getInputList()).doesNotContain("fc.weight.T"));
        assertThat(nodes).filteredOn(n -> n.getOpType().equals("MatMulIntegerToFloat")).hasSize(1)
                .allSatisfy(n -> assertThat(n.getDomain()).isEqualTo("com.microsoft"));
        assertThat(quantized.getGraph().getInitializerList()).extracting(TensorProto::getName)
                .contains("fc.weight.T.int8", "fc.weight.T.scale").doesNotContain("fc.weight.T");
        assertThat(quantized.getOpsetImportList()).anySatisfy(o -> assertThat(o.getDomain()).isEqualTo("com.microsoft"));
        // the graph's outputs are still produced under their names
        assertThat(nodes).flatExtracting(NodeProto::getOutputList).contains(projected, scores);
    }

    @Test
    void should_refuse_a_model_with_nothing_to_quantize() {
        OnnxGraphBuilder g = new OnnxGraphBuilder("no_weights");
        String x = g.input("x", OnnxType.FLOAT, 2L, 2L);
        g.output("y", g.node("MatMul", List.of(x, x), Map.of()), OnnxType.FLOAT, 2L, 2L);

        assertThatThrownBy(() -> Int8Linears.quantize(g.build()))
                .hasMessage("graph no_weights has no MatMul with a float weight matrix to quantize");
        assertThatThrownBy(() -> Int8Linears.quantize(new byte[]{1, 2, 3})).hasMessageStartingWith("not an ONNX model");
    }
}
