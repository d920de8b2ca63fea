package io.clipvq.trainer.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import io.clipvq.trainer.nn.Parameters;
import io.clipvq.trainer.nn.Tensors;

import java.util.LinkedHashMap;
import java.util.Map;

/** Exponential moving average of a model's weights, ema = decay * ema + (1 - decay) * w, the exported weights. */
public final class Ema implements AutoCloseable {
    private final Parameters source;
    private final double decay;
    private final NDManager manager;
    private final Map<String, NDArray> shadow = new LinkedHashMap<>();

    public Ema(Parameters source, double decay) {
        if (!(decay >= 0 && decay < 1)) {
            throw new IllegalArgumentException("EMA decay must lie in [0, 1), got " + decay);
        }
        this.source = source;
        this.decay = decay;
        this.manager = source.manager().getParentManager().newSubManager();
        for (String name : source.names()) {
            NDArray copy = source.get(name).duplicate();
            copy.attach(manager);
            shadow.put(name, copy);
        }
    }

    public void update() {
        try (NDScope ignored = new NDScope()) {
            NDArray any = shadow.values().iterator().next();
            NDArray keep = Tensors.scalar(any, decay);
            NDArray take = Tensors.scalar(any, 1 - decay);
            for (String name : source.names()) {
                shadow.get(name).muli(keep).addi(source.get(name).mul(take));
            }
        }
    }

    public Map<String, float[]> weights() {
        Map<String, float[]> out = new LinkedHashMap<>();
        shadow.forEach((n, a) -> out.put(n, a.toFloatArray()));
        return out;
    }

    public void restore(Map<String, float[]> weights) {
        source.layout().check(weights);
        shadow.forEach((n, a) -> Tensors.copyInto(a, weights.get(n)));
    }

    @Override
    public void close() {
        manager.close();
    }
}
