package io.clipvq.contracts.bundle;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The arithmetic a bundle's denoiser runs in, and the file that holds each. Every bundle has the fp32 denoiser;
 * a bundle may add the int8 one (weights quantized per output channel, activations quantized at run time) and
 * name it the default in its manifest's {@code denoiserPrecision} (docs/method.md#int8-denoiser). The default is
 * for CPU engines; CUDA engines run fp32 unless told otherwise.
 */
public enum DenoiserPrecision {
    @JsonProperty("fp32") FP32(BundleSignatures.DENOISER),
    @JsonProperty("int8") INT8(BundleSignatures.DENOISER_INT8);

    private final String fileName;

    DenoiserPrecision(String fileName) {
        this.fileName = fileName;
    }

    /** The bundle file of this denoiser; both have the same inputs and outputs. */
    public String fileName() {
        return fileName;
    }

    /** The manifest's spelling: "fp32" or "int8". */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The precision spelled "fp32" or "int8" (any case); an unknown word is refused naming the allowed ones. */
    public static DenoiserPrecision parse(String label) {
        for (DenoiserPrecision p : values()) {
            if (p.label().equalsIgnoreCase(label.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("denoiser precision '" + label + "' is not one of fp32, int8");
    }
}
