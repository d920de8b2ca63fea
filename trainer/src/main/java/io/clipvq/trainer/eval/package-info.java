/**
 * The eval of issue 5: best-of-N generation for a prompt file through the engine the worker uses
 * ({@link io.clipvq.trainer.eval.BundleEvaluation}), scored by CLIP score and, for a bundle of a known world, by the
 * world's {@link io.clipvq.trainer.worlds.GeneratedImageCheck} and the Frechet distance of CLIP image embeddings to
 * the world's real images, written as images, manifest.jsonl, metrics.json and report.md (this package never names a
 * world);
 * {@link io.clipvq.trainer.eval.AblationReport} puts several runs' metrics side by side. Commands: {@code eval},
 * {@code eval-table}.
 */
package io.clipvq.trainer.eval;
