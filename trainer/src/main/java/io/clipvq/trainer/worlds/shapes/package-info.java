/**
 * The Shapes world of docs/worlds.md#shapes-synthetic, without any training: scenes and their vocabularies, the exact
 * renderer, caption and held-out prompt wording, the prompt parser, the two seeded splits and a folder writer, the
 * pixel-only attribute checker, and the metrics of the eval (attribute accuracy by composition group, Frechet
 * distance).
 *
 * <p>Eval wiring: parse each prompt with {@link io.clipvq.trainer.worlds.shapes.PromptAttributes#parse}, decode the
 * kept PNG with {@link io.clipvq.trainer.worlds.shapes.ShapesImage#fromPng}, check it with
 * {@link io.clipvq.trainer.worlds.shapes.AttributeChecker}, and score the pairs with
 * {@link io.clipvq.trainer.worlds.shapes.ShapesMetrics#attributeAccuracy} against
 * {@link io.clipvq.trainer.worlds.shapes.Composition#DEFAULT_LEFT_OUT}.
 */
package io.clipvq.trainer.worlds.shapes;
