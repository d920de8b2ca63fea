package io.clipvq.engine.clip;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.clipvq.contracts.bundle.BundleSignatures;
import io.clipvq.engine.text.ClipTokenizer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * clip_text.onnx behind a tokenizer: texts -> L2-normalised text embeddings [B][D].
 *
 * <p>Inputs {@code input_ids} int64 [B, 77] (and {@code attention_mask} int64 [B, 77], 1 on real tokens, when the
 * model declares it, as Hugging Face CLIP exports do); output {@code text_embeds} float [B, D]. Token buffers are
 * direct and reused between calls of the same or smaller batch; calls are serialised.
 */
public final class ClipTextEncoder implements AutoCloseable {

    private static final String ATTENTION_MASK = "attention_mask";
    private static final String MODEL = BundleSignatures.CLIP_TEXT;

    private final OrtEnvironment env;
    private final OrtSession session;
    private final boolean ownsSession;
    private final ClipTokenizer tokenizer;
    private final int contextLength;
    private final int embeddingDim;
    private final boolean takesAttentionMask;
    private LongBuffer ids;
    private LongBuffer mask;

    private ClipTextEncoder(OrtEnvironment env, OrtSession session, boolean ownsSession, ClipTokenizer tokenizer)
            throws OrtException {
        this.env = env;
        this.session = session;
        this.ownsSession = ownsSession;
        this.tokenizer = tokenizer;
        long[] idShape = Embeddings.tensorInfo(session.getInputInfo(), BundleSignatures.CLIP_TEXT_INPUT_IDS, MODEL,
                "input").getShape();
        // a negative size is symbolic (a Hugging Face export leaves the sequence length open)
        if (idShape.length != 2 || (idShape[1] >= 0 && idShape[1] != ClipTokenizer.CONTEXT_LENGTH)) {
            throw new IllegalArgumentException(MODEL + " input '" + BundleSignatures.CLIP_TEXT_INPUT_IDS
                    + "' should be [B, " + ClipTokenizer.CONTEXT_LENGTH + "], is " + Arrays.toString(idShape));
        }
        this.contextLength = ClipTokenizer.CONTEXT_LENGTH;
        this.embeddingDim = Embeddings.embeddingDim(session, BundleSignatures.CLIP_TEXT_EMBEDS, MODEL);
        this.takesAttentionMask = session.getInputNames().contains(ATTENTION_MASK);
    }

    /** Uses a session the caller owns (and closes after this encoder). */
    public static ClipTextEncoder wrap(OrtEnvironment env, OrtSession session, ClipTokenizer tokenizer)
            throws OrtException {
        return new ClipTextEncoder(env, session, false, tokenizer);
    }

    /** Opens clip_text.onnx at {@code model} with the given options; {@link #close()} closes the session. */
    public static ClipTextEncoder open(OrtEnvironment env, Path model, OrtSession.SessionOptions options,
                                       ClipTokenizer tokenizer) throws OrtException {
        OrtSession session = env.createSession(model.toString(), options);
        try {
            return new ClipTextEncoder(env, session, true, tokenizer);
        } catch (RuntimeException | OrtException e) {
            session.close();
            throw e;
        }
    }

    public int embeddingDim() {
        return embeddingDim;
    }

    /** Tokenizes (clip.tokenize with truncation) and encodes each text; returns unit-length rows. */
    public synchronized float[][] encode(List<String> texts) throws OrtException {
        int batch = texts.size();
        if (batch == 0) {
            return new float[0][];
        }
        ensureCapacity(batch);
        long[] row = new long[contextLength];
        for (int b = 0; b < batch; b++) {
            int length = tokenizer.tokenizeInto(texts.get(b), row, 0);
            ids.put(b * contextLength, row);
            if (takesAttentionMask) {
                for (int i = 0; i < contextLength; i++) {
                    mask.put(b * contextLength + i, i < length ? 1L : 0L);
                }
            }
        }
        return run(batch);
    }

    /** Encodes already tokenized rows: {@code tokenIds} is [batch, 77] flat (zero padded after the end token). */
    public synchronized float[][] encodeTokens(long[] tokenIds, int batch) throws OrtException {
        if (batch <= 0 || tokenIds.length != (long) batch * contextLength) {
            throw new IllegalArgumentException("tokenIds should hold batch x " + contextLength + " = "
                    + (long) batch * contextLength + " ids, has " + tokenIds.length);
        }
        ensureCapacity(batch);
        ids.put(0, tokenIds);
        if (takesAttentionMask) {
            for (int b = 0; b < batch; b++) {
                int end = b * contextLength;
                // real tokens run up to and including the end token, the largest id of the row
                while (end < (b + 1) * contextLength && tokenIds[end] != ClipTokenizer.END_OF_TEXT) {
                    end++;
                }
                for (int i = b * contextLength; i < (b + 1) * contextLength; i++) {
                    mask.put(i, i <= end ? 1L : 0L);
                }
            }
        }
        return run(batch);
    }

    private float[][] run(int batch) throws OrtException {
        long[] shape = {batch, contextLength};
        Map<String, OnnxTensor> inputs = new HashMap<>(2);
        try (OnnxTensor idTensor = OnnxTensor.createTensor(env, ids.duplicate().limit(batch * contextLength), shape);
             OnnxTensor maskTensor = takesAttentionMask
                     ? OnnxTensor.createTensor(env, mask.duplicate().limit(batch * contextLength), shape) : null) {
            inputs.put(BundleSignatures.CLIP_TEXT_INPUT_IDS, idTensor);
            if (maskTensor != null) {
                inputs.put(ATTENTION_MASK, maskTensor);
            }
            try (OrtSession.Result result = session.run(inputs, Set.of(BundleSignatures.CLIP_TEXT_EMBEDS))) {
                FloatBuffer embeds = Embeddings.output(result, BundleSignatures.CLIP_TEXT_EMBEDS, MODEL);
                return Embeddings.normalisedRows(embeds, batch, embeddingDim);
            }
        }
    }

    private void ensureCapacity(int batch) {
        int needed = batch * contextLength;
        if (ids == null || ids.capacity() < needed) {
            ids = ByteBuffer.allocateDirect(needed * Long.BYTES).order(ByteOrder.nativeOrder()).asLongBuffer();
            mask = takesAttentionMask
                    ? ByteBuffer.allocateDirect(needed * Long.BYTES).order(ByteOrder.nativeOrder()).asLongBuffer()
                    : null;
        }
    }

    @Override
    public void close() throws OrtException {
        if (ownsSession) {
            session.close();
        }
    }
}
