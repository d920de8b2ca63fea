package io.clipvq.trainer.export;

import io.clipvq.contracts.bundle.BundleManifest;
import io.clipvq.contracts.bundle.BundleSignatures;
import io.clipvq.contracts.bundle.DenoiserPrecision;
import io.clipvq.engine.bundle.BundleLoader;
import io.clipvq.engine.bundle.ModelBundle;
import io.clipvq.modelbuild.bundle.BundleWriter;
import io.clipvq.modelbuild.quantize.Int8Linears;
import io.clipvq.trainer.cli.options.DenoiserPrecisionConverter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * Makes a copy of a bundle that also holds the int8 denoiser, quantized from the bundle's own fp32 denoiser.onnx
 * ({@link Int8Linears}); every other file is copied byte for byte. For bundles whose training checkpoints are gone;
 * {@code trainer export --int8} does the same at export time.
 */
@Command(name = "quantize-denoiser", mixinStandardHelpOptions = true,
        description = "Copy a bundle and add denoiser_int8.onnx, quantized from its denoiser.onnx "
                + "(docs/method.md#int8-denoiser).")
public final class QuantizeDenoiserCommand implements Callable<Integer> {
    @Option(names = "--bundle", required = true, paramLabel = "DIR", description = "the bundle to start from")
    Path bundleDir;
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "the new bundle (absent or empty)")
    Path out;
    @Option(names = "--version", required = true, description = "the new bundle's version (its results differ "
            + "from the original's when int8 is the default)")
    String version;
    @Option(names = "--default-denoiser", paramLabel = "fp32|int8", defaultValue = "fp32",
            converter = DenoiserPrecisionConverter.class,
            description = "the denoiser workers run unless told otherwise (default ${DEFAULT-VALUE})")
    DenoiserPrecision defaultDenoiser;

    @Override
    public Integer call() throws IOException {
        ModelBundle bundle = BundleLoader.load(bundleDir);
        BundleManifest source = bundle.manifest();
        if (source.version().equals(version)) {
            throw new IllegalArgumentException("--version " + version + " is the original bundle's version; a "
                    + "bundle with other files needs a version of its own");
        }
        BundleManifest manifest = source.withVersion(version)
                .withDenoiserPrecision(defaultDenoiser == DenoiserPrecision.INT8 ? DenoiserPrecision.INT8 : null);
        byte[] fp32 = Files.readAllBytes(bundle.denoiser(DenoiserPrecision.FP32));
        BundleWriter writer = BundleCopy.writer(bundle, manifest)
                .onnx(BundleSignatures.DENOISER_INT8, Int8Linears.quantize(fp32));
        BundleManifest written = writer.write(out);
        BundleLoader.load(out);
        System.err.println("wrote bundle " + written.name() + " " + written.version() + " to " + out + " with "
                + BundleSignatures.DENOISER_INT8 + " (default denoiser: "
                + written.defaultDenoiserPrecision().label() + "; verified)");
        return 0;
    }
}
