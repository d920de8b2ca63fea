/**
 * The Shapes bundle from scratch in one command ({@code trainer shapes-bundle}): it runs the trainer's own
 * commands (train-clip, train-vqgan, train-diffusion, export, shapes-prompts, eval) in order on the Shapes world,
 * measures what the VQ tokenizer alone loses, and records the seconds each stage took.
 */
package io.clipvq.trainer.worlds.shapes.pipeline;
