/**
 * The eval of issue 5: best-of-N generation for a prompt file through the engine the worker uses
 * ({@link io.clipvq.trainer.eval.BundleEvaluation}), scored by CLIP score, the Shapes pixel-only attribute checker
 * and the Frechet distance of CLIP image embeddings, written as images, manifest.jsonl, metrics.json and report.md;
 * {@link io.clipvq.trainer.eval.AblationReport} puts several runs' metrics side by side. Commands: {@code eval},
 * {@code eval-table}.
 */
package io.clipvq.trainer.eval;
