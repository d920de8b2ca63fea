package io.clipvq.trainer.export;

import io.clipvq.contracts.bundle.BundleManifest;
import io.clipvq.contracts.job.JobDefaults;
import io.clipvq.engine.bundle.BundleLoader;
import io.clipvq.engine.bundle.ModelBundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * Makes a new version of a bundle whose manifest sets the distinct reranking's defaults (near-duplicate threshold
 * and score margin); every other file is copied byte for byte. A bundle's defaults change its images, so the copy
 * needs a version of its own.
 */
@Command(name = "rerank-defaults", mixinStandardHelpOptions = true,
        description = "Copy a bundle under a new version whose manifest sets the distinct reranking's defaults "
                + "(docs/method.md#best-of-n-clip-reranking).")
public final class RerankDefaultsCommand implements Callable<Integer> {
    @Option(names = "--bundle", required = true, paramLabel = "DIR", description = "the bundle to start from")
    Path bundleDir;
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "the new bundle (absent or empty)")
    Path out;
    @Option(names = "--version", required = true, description = "the new bundle's version")
    String version;
    @Option(names = "--near-duplicate-cosine", paramLabel = "C",
            description = "the near-duplicate threshold, in (0, 1] (default: the bundle's)")
    Double nearDuplicateCosine;
    @Option(names = "--score-margin", paramLabel = "M", description = "the score margin, 0..2 (default: the bundle's)")
    Double scoreMargin;

    @Override
    public Integer call() throws IOException {
        if (nearDuplicateCosine != null && !(nearDuplicateCosine > 0 && nearDuplicateCosine <= 1)) {
            throw new IllegalArgumentException("--near-duplicate-cosine must lie in (0, 1], got " + nearDuplicateCosine);
        }
        if (scoreMargin != null && !(scoreMargin >= 0 && scoreMargin <= JobDefaults.MAX_SCORE_MARGIN)) {
            throw new IllegalArgumentException("--score-margin must lie in 0.." + JobDefaults.MAX_SCORE_MARGIN
                    + ", got " + scoreMargin);
        }
        ModelBundle bundle = BundleLoader.load(bundleDir);
        BundleManifest source = bundle.manifest();
        if (source.version().equals(version)) {
            throw new IllegalArgumentException("--version " + version + " is the original bundle's version; other "
                    + "defaults need a version of their own");
        }
        BundleManifest.Sampling sampling = source.sampling().withReranking(
                nearDuplicateCosine != null ? nearDuplicateCosine : source.sampling().nearDuplicateCosine(),
                scoreMargin != null ? scoreMargin : source.sampling().scoreMargin());
        BundleManifest written = BundleCopy.writer(bundle, source.withVersion(version).withSampling(sampling))
                .write(out);
        BundleLoader.load(out);
        System.err.println("wrote bundle " + written.name() + " " + written.version() + " to " + out
                + " (near-duplicate cosine " + sampling.nearDuplicateCosine() + ", score margin "
                + sampling.scoreMargin() + "; verified)");
        return 0;
    }
}
