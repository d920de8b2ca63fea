package io.clipvq.modelbuild.graphs;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Runs a model's bytes in ONNX Runtime once, with every tensor closed afterwards. Public for the tests of other
 * modules (model-build's test-jar).
 */
public final class OrtRunner {
    private final Map<String, Object[]> inputs = new LinkedHashMap<>();

    public OrtRunner longs(String name, long[] data, long... shape) {
        inputs.put(name, new Object[]{data, shape});
        return this;
    }

    public OrtRunner floats(String name, float[] data, long... shape) {
        inputs.put(name, new Object[]{data, shape});
        return this;
    }

    public float[] runFloat(byte[] model, String output) throws OrtException {
        return (float[]) run(model, output, true);
    }

    public long[] runLong(byte[] model, String output) throws OrtException {
        return (long[]) run(model, output, false);
    }

    private Object run(byte[] model, String output, boolean floatOutput) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        List<OnnxTensor> tensors = new ArrayList<>();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(model, options)) {
                Map<String, OnnxTensor> feed = new LinkedHashMap<>();
                for (Map.Entry<String, Object[]> e : inputs.entrySet()) {
                    long[] shape = (long[]) e.getValue()[1];
                    OnnxTensor tensor = e.getValue()[0] instanceof long[] l
                            ? OnnxTensor.createTensor(env, LongBuffer.wrap(l), shape)
                            : OnnxTensor.createTensor(env, FloatBuffer.wrap((float[]) e.getValue()[0]), shape);
                    tensors.add(tensor);
                    feed.put(e.getKey(), tensor);
                }
                try (OrtSession.Result result = session.run(feed)) {
                    OnnxTensor out = (OnnxTensor) result.get(output).orElseThrow();
                    if (floatOutput) {
                        FloatBuffer buffer = out.getFloatBuffer();
                        float[] values = new float[buffer.remaining()];
                        buffer.get(values);
                        return values;
                    }
                    LongBuffer buffer = out.getLongBuffer();
                    long[] values = new long[buffer.remaining()];
                    buffer.get(values);
                    return values;
                }
            }
        } finally {
            for (OnnxTensor t : tensors) {
                t.close();
            }
        }
    }

    static float[] gaussian(SplittableRandom random, int n, double scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (scale * random.nextGaussian());
        }
        return v;
    }

    static long[] ints(SplittableRandom random, int n, int bound) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextInt(bound);
        }
        return v;
    }
}
