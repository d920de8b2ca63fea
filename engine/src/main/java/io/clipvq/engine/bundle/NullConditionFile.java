package io.clipvq.engine.bundle;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** null_condition.bin: D little-endian IEEE-754 float32 values, so that the exact bits survive. */
final class NullConditionFile {
    private NullConditionFile() {
    }

    static byte[] encode(float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(Float.BYTES * values.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return bytes.array();
    }

    /** @throws IllegalArgumentException when the length or a value is wrong, saying which */
    static float[] decode(byte[] bytes, int expectedLength) {
        if (bytes.length != Float.BYTES * expectedLength) {
            throw new IllegalArgumentException("has " + bytes.length + " bytes, expected " + Float.BYTES * expectedLength
                    + " (clipDim " + expectedLength + " float32 values)");
        }
        float[] values = new float[expectedLength];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException("value " + i + " is " + values[i] + ", expected a finite number");
            }
        }
        return values;
    }
}
