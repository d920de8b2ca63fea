package io.clipvq.engine;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;

import io.clipvq.contracts.bundle.DenoiserPrecision;

import java.util.EnumSet;
import java.util.Optional;

/**
 * How the engine runs its ONNX Runtime sessions. CPU by default; CUDA only when asked for with
 * {@link Builder#optCuda(boolean)}, and then it must be present (the onnxruntime_gpu jar on a CUDA node): a
 * request that cannot be met fails with a message instead of silently running on the CPU.
 */
public final class EngineOptions {
    private final int intraOpThreads;
    private final int interOpThreads;
    private final boolean cuda;
    private final int cudaDevice;
    private final boolean spinning;
    private final int samplerThreads;
    private final DenoiserPrecision denoiserPrecision;

    private EngineOptions(Builder b) {
        this.denoiserPrecision = b.denoiserPrecision;
        this.intraOpThreads = b.intraOpThreads;
        this.interOpThreads = b.interOpThreads;
        this.cuda = b.cuda;
        this.cudaDevice = b.cudaDevice;
        this.spinning = b.spinning;
        this.samplerThreads = b.samplerThreads;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** CPU, ONNX Runtime's default thread count. */
    public static EngineOptions defaults() {
        return builder().build();
    }

    /** Intra-op threads per session; 0 means ONNX Runtime's default (one per physical core). */
    public int intraOpThreads() {
        return intraOpThreads;
    }

    public int interOpThreads() {
        return interOpThreads;
    }

    public boolean cuda() {
        return cuda;
    }

    public int cudaDevice() {
        return cudaDevice;
    }

    public boolean spinning() {
        return spinning;
    }

    /** The denoiser to open when set; empty means fp32 on CUDA and the one the bundle's manifest names on the CPU. */
    public Optional<DenoiserPrecision> denoiserPrecision() {
        return Optional.ofNullable(denoiserPrecision);
    }

    /** Threads of the Java sampler between denoiser runs: as configured, else the intra-op threads, else all cores. */
    public int samplerThreads() {
        if (samplerThreads > 0) {
            return samplerThreads;
        }
        return intraOpThreads > 0 ? intraOpThreads : Runtime.getRuntime().availableProcessors();
    }

    /**
     * New session options with these settings; the caller owns (closes) them.
     *
     * @throws IllegalStateException when CUDA was requested but this ONNX Runtime has no CUDA provider
     */
    public OrtSession.SessionOptions newSessionOptions() throws OrtException {
        if (cuda) {
            requireCuda();
        }
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            if (intraOpThreads > 0) {
                options.setIntraOpNumThreads(intraOpThreads);
            }
            if (interOpThreads > 0) {
                options.setInterOpNumThreads(interOpThreads);
            }
            // Between denoiser runs the Java sampler needs the cores; spinning pool threads would hold them.
            options.addConfigEntry("session.intra_op.allow_spinning", spinning ? "1" : "0");
            options.addConfigEntry("session.inter_op.allow_spinning", spinning ? "1" : "0");
            if (cuda) {
                options.addCUDA(cudaDevice);
            }
            return options;
        } catch (OrtException | RuntimeException e) {
            options.close();
            throw e;
        }
    }

    private static void requireCuda() {
        EnumSet<OrtProvider> available = OrtEnvironment.getAvailableProviders();
        if (!available.contains(OrtProvider.CUDA)) {
            throw new IllegalStateException("CUDA was requested (optCuda(true)) but this ONNX Runtime has no CUDA "
                    + "execution provider (available: " + available + "); run with the onnxruntime_gpu jar on a "
                    + "node with CUDA 12, or leave CUDA off");
        }
    }

    @Override
    public String toString() {
        return "EngineOptions[intraOpThreads=" + intraOpThreads + ", interOpThreads=" + interOpThreads
                + ", cuda=" + cuda + (cuda ? ", cudaDevice=" + cudaDevice : "") + ", spinning=" + spinning
                + ", samplerThreads=" + samplerThreads()
                + (denoiserPrecision == null ? "" : ", denoiserPrecision=" + denoiserPrecision.label()) + "]";
    }

    public static final class Builder {
        private int intraOpThreads;
        private int interOpThreads;
        private boolean cuda;
        private int cudaDevice;
        private boolean spinning;
        private int samplerThreads;
        private DenoiserPrecision denoiserPrecision;

        private Builder() {
        }

        /**
         * Open this denoiser instead of the one the manifest names (null: the manifest's). Opening fails, naming
         * the file, when the bundle does not have it.
         */
        public Builder optDenoiserPrecision(DenoiserPrecision precision) {
            this.denoiserPrecision = precision;
            return this;
        }

        /** Threads ONNX Runtime uses inside one operator; 0 = its default. */
        public Builder optIntraOpThreads(int threads) {
            if (threads < 0) {
                throw new IllegalArgumentException("intraOpThreads must be >= 0 (0 = ONNX Runtime default), got "
                        + threads);
            }
            this.intraOpThreads = threads;
            return this;
        }

        /** Threads across independent operators (sequential execution uses none); 0 = default. */
        public Builder optInterOpThreads(int threads) {
            if (threads < 0) {
                throw new IllegalArgumentException("interOpThreads must be >= 0, got " + threads);
            }
            this.interOpThreads = threads;
            return this;
        }

        /** Run on CUDA; opening the engine fails with a clear message where CUDA is not available. */
        public Builder optCuda(boolean enabled) {
            this.cuda = enabled;
            return this;
        }

        public Builder optCudaDevice(int device) {
            if (device < 0) {
                throw new IllegalArgumentException("cudaDevice must be >= 0, got " + device);
            }
            this.cudaDevice = device;
            return this;
        }

        /**
         * Let ONNX Runtime's idle pool threads spin (lower latency per operator on dedicated cores; off by
         * default because the sampler runs on the same cores between denoiser calls).
         */
        public Builder optSpinning(boolean enabled) {
            this.spinning = enabled;
            return this;
        }

        /** Threads for the Java sampler's per-candidate work; 0 = as many as intra-op threads (or cores). */
        public Builder optSamplerThreads(int threads) {
            if (threads < 0) {
                throw new IllegalArgumentException("samplerThreads must be >= 0 (0 = automatic), got " + threads);
            }
            this.samplerThreads = threads;
            return this;
        }

        public EngineOptions build() {
            return new EngineOptions(this);
        }
    }
}
