package io.clipvq.worker.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.clipvq.contracts.job.Violation;

import java.util.List;

/**
 * The body of every error answer: one plain sentence, and the request field it is about when there is one. Never a
 * stack trace or an exception's class.
 *
 * @param violations every broken rule of a refused job request (as the Kafka intake names them), else null
 * @param job        the existing job, when a request conflicts with it, else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, String field, List<Violation> violations, JobView job) {

    public static ApiError of(String error) {
        return new ApiError(error, null, null, null);
    }

    public static ApiError of(String error, String field) {
        return new ApiError(error, field, null, null);
    }
}
