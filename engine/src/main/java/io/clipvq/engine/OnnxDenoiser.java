package io.clipvq.engine;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.clipvq.contracts.bundle.BundleSignatures;
import io.clipvq.engine.sampler.MaskedDiffusionSampler;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Map;

/**
 * denoiser.onnx behind the sampler's {@link MaskedDiffusionSampler.Denoiser}. Input and output tensors are views
 * of direct buffers created once per batch shape: each step only rewrites the codes and the timestep in place,
 * ONNX Runtime writes log p~ into the pinned output buffer, and no tensor or large array is allocated per step.
 *
 * <p>Rows: the candidates' conditional rows first, then (when guided) their null-condition rows, which see the
 * same codes.
 */
final class OnnxDenoiser implements MaskedDiffusionSampler.Denoiser, AutoCloseable {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final int numPositions;
    private final int numCodes;
    private final int clipDim;
    private Shape shape;

    OnnxDenoiser(OrtEnvironment env, OrtSession session, int numPositions, int numCodes, int clipDim) {
        this.env = env;
        this.session = session;
        this.numPositions = numPositions;
        this.numCodes = numCodes;
        this.clipDim = clipDim;
    }

    /**
     * Prepares the tensors for {@code candidates} rows (plus as many null rows when guided) and writes the
     * conditions: {@code conditions} holds one normalised D-vector per candidate, {@code nullCondition} the
     * normalised null vector.
     */
    void prepare(int candidates, boolean guided, float[] conditions, float[] nullCondition) throws OrtException {
        int rows = guided ? 2 * candidates : candidates;
        if (shape == null || shape.rows != rows) {
            if (shape != null) {
                shape.close();
            }
            shape = new Shape(rows);
        }
        FloatBuffer cond = shape.condBuffer;
        cond.clear();
        cond.put(conditions, 0, candidates * clipDim);
        if (guided) {
            for (int c = 0; c < candidates; c++) {
                cond.put(nullCondition, 0, clipDim);
            }
        }
        cond.clear();
    }

    @Override
    public long predict(long[] codes, int candidates, int t, boolean guided, float[] logProbs) throws OrtException {
        int rows = guided ? 2 * candidates : candidates;
        if (shape == null || shape.rows != rows) {
            throw new IllegalStateException("denoiser tensors are prepared for " + (shape == null ? 0 : shape.rows)
                    + " rows, the step needs " + rows);
        }
        LongBuffer codeBuffer = shape.codeBuffer;
        int perCopy = candidates * numPositions;
        codeBuffer.clear();
        codeBuffer.put(codes, 0, perCopy);
        if (guided) {
            codeBuffer.put(codes, 0, perCopy);
        }
        codeBuffer.clear();
        LongBuffer timeBuffer = shape.timeBuffer;
        // The graph's t input is the 0-based index t - 1 of the time embedding (model-build's DenoiserGraph).
        for (int r = 0; r < rows; r++) {
            timeBuffer.put(r, t - 1L);
        }
        long start = System.nanoTime();
        try (OrtSession.Result ignored = session.run(shape.inputs, shape.outputs)) {
            long elapsed = System.nanoTime() - start;
            FloatBuffer out = shape.outputBuffer;
            out.clear();
            out.get(logProbs, 0, rows * numCodes * numPositions);
            return elapsed;
        }
    }

    @Override
    public void close() {
        if (shape != null) {
            shape.close();
            shape = null;
        }
    }

    private static ByteBuffer direct(long elements, int bytesPerElement) {
        long bytes = elements * bytesPerElement;
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("batch too large for one buffer: " + bytes + " bytes");
        }
        return ByteBuffer.allocateDirect((int) bytes).order(ByteOrder.nativeOrder());
    }

    /** The tensors of one batch shape. */
    private final class Shape implements AutoCloseable {
        final int rows;
        final LongBuffer codeBuffer;
        final LongBuffer timeBuffer;
        final FloatBuffer condBuffer;
        final FloatBuffer outputBuffer;
        final OnnxTensor codeTensor;
        final OnnxTensor timeTensor;
        final OnnxTensor condTensor;
        final OnnxTensor outputTensor;
        final Map<String, OnnxTensor> inputs;
        final Map<String, OnnxTensor> outputs;

        Shape(int rows) throws OrtException {
            this.rows = rows;
            codeBuffer = direct((long) rows * numPositions, Long.BYTES).asLongBuffer();
            timeBuffer = direct(rows, Long.BYTES).asLongBuffer();
            condBuffer = direct((long) rows * clipDim, Float.BYTES).asFloatBuffer();
            outputBuffer = direct((long) rows * numCodes * numPositions, Float.BYTES).asFloatBuffer();
            OnnxTensor codesT = null;
            OnnxTensor timeT = null;
            OnnxTensor condT = null;
            try {
                codesT = OnnxTensor.createTensor(env, codeBuffer, new long[] {rows, numPositions});
                timeT = OnnxTensor.createTensor(env, timeBuffer, new long[] {rows});
                condT = OnnxTensor.createTensor(env, condBuffer, new long[] {rows, clipDim});
                outputTensor = OnnxTensor.createTensor(env, outputBuffer, new long[] {rows, numCodes, numPositions});
            } catch (OrtException | RuntimeException e) {
                closeAll(codesT, timeT, condT);
                throw e;
            }
            codeTensor = codesT;
            timeTensor = timeT;
            condTensor = condT;
            inputs = Map.of(BundleSignatures.DENOISER_CODES, codeTensor, BundleSignatures.DENOISER_TIMESTEP,
                    timeTensor, BundleSignatures.DENOISER_CONDITION, condTensor);
            outputs = Map.of(BundleSignatures.DENOISER_LOG_PROBS, outputTensor);
        }

        @Override
        public void close() {
            closeAll(codeTensor, timeTensor, condTensor, outputTensor);
        }

        private void closeAll(OnnxTensor... tensors) {
            for (OnnxTensor tensor : tensors) {
                if (tensor != null) {
                    tensor.close();
                }
            }
        }
    }
}
