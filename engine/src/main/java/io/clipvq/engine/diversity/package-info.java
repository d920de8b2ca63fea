/**
 * How varied the images of one prompt are (docs/method.md#diversity): measured the same way by the trainer's eval and
 * by the worker's bulk synthesis.
 */
package io.clipvq.engine.diversity;
