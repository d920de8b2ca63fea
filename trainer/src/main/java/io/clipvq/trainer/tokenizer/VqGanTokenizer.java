package io.clipvq.trainer.tokenizer;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import io.clipvq.modelbuild.graphs.VqGanSpec;
import io.clipvq.trainer.checkpoint.Checkpoint;
import io.clipvq.trainer.checkpoint.ModelSpecs;
import io.clipvq.trainer.nn.Parameters;
import io.clipvq.trainer.nn.Tensors;
import io.clipvq.trainer.vqgan.VqGanNet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** A trained VQ-GAN (train-vqgan's checkpoint) as an {@link ImageTokenizer}: argmax encoder, one code factor [K]. */
public final class VqGanTokenizer implements ImageTokenizer {
    private final VqGanSpec spec;
    private final Map<String, float[]> weights;
    private final long fingerprint;
    private final NDManager manager;
    private final Parameters params;
    private final VqGanNet net;

    private VqGanTokenizer(VqGanSpec spec, Map<String, float[]> weights, long fingerprint) {
        this.spec = spec;
        this.weights = weights;
        this.fingerprint = fingerprint;
        this.manager = NDManager.newBaseManager();
        try {
            this.params = Parameters.of(manager, spec.layout(), weights);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
        this.net = new VqGanNet(spec, params);
    }

    public static VqGanTokenizer load(Path checkpoint) throws IOException {
        Checkpoint c = Checkpoint.load(checkpoint);
        c.requireKind("vqgan");
        return new VqGanTokenizer(ModelSpecs.vqGan(c.longs(ModelSpecs.KEY)), c.tensorsWithPrefix("model."),
                c.step() * 31 + c.tensors().size());
    }

    public VqGanSpec spec() {
        return spec;
    }

    @Override
    public int gridHeight() {
        return spec.gridHeight();
    }

    @Override
    public int gridWidth() {
        return spec.gridWidth();
    }

    @Override
    public int codebookSize() {
        return spec.codebookSize();
    }

    @Override
    public int imageSize() {
        return spec.imageHeight();
    }

    @Override
    public int[] factorSizes() {
        return new int[] {spec.codebookSize()};
    }

    @Override
    public long[] encode(float[] images, int count) {
        try (NDScope ignored = new NDScope()) {
            return net.encode(Tensors.owned(manager, images, new Shape(count, 3, spec.imageHeight(), spec.imageWidth())))
                    .toLongArray();
        }
    }

    @Override
    public float[] decode(long[] codes, int count) {
        try (NDScope ignored = new NDScope()) {
            return net.decode(Tensors.owned(manager, codes, new Shape(count, spec.gridHeight(), spec.gridWidth())))
                    .toFloatArray();
        }
    }

    @Override
    public TokenizerExport export() {
        return TokenizerExport.vqGan(spec, weights);
    }

    @Override
    public long fingerprint() {
        return fingerprint;
    }

    @Override
    public void close() {
        params.close();
        manager.close();
    }
}
