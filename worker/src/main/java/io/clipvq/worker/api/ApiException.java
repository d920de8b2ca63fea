package io.clipvq.worker.api;

/** A request the API refuses, with the status and the body to answer ({@link ApiErrors} writes it). */
public class ApiException extends RuntimeException {
    private final int status;
    private final ApiError body;

    public ApiException(int status, ApiError body) {
        super(body.error());
        this.status = status;
        this.body = body;
    }

    public static ApiException badRequest(String error, String field) {
        return new ApiException(400, ApiError.of(error, field));
    }

    public static ApiException notFound(String error) {
        return new ApiException(404, ApiError.of(error));
    }

    public int status() {
        return status;
    }

    public ApiError body() {
        return body;
    }
}
