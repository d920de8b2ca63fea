package io.clipvq.contracts.bundle;

import java.util.List;
import java.util.Optional;

/**
 * What one ONNX file of the bundle must accept and produce. Its inputs are exactly these (the engine feeds
 * every one of them); its outputs include these (an export may add more, which the engine does not read).
 */
public record OnnxSignature(String file, List<TensorSpec> inputs, List<TensorSpec> outputs) {
    public OnnxSignature {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    public Optional<TensorSpec> input(String name) {
        return inputs.stream().filter(spec -> spec.name().equals(name)).findFirst();
    }

    public Optional<TensorSpec> output(String name) {
        return outputs.stream().filter(spec -> spec.name().equals(name)).findFirst();
    }
}
