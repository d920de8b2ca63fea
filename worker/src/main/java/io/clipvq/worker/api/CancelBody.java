package io.clipvq.worker.api;

/** The optional body of a cancel: a reason kept with the job (as {@code clipvq cancel --reason}). */
public record CancelBody(String reason) {
}
