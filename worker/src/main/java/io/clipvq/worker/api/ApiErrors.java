package io.clipvq.worker.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure of an API request into a JSON {@link ApiError}: the API's own refusals as they are, the
 * framework's (unknown path, wrong method, unreadable body) with a plain sentence for their status, anything else
 * as a 500 whose details go to the log only.
 */
public class ApiErrors {
    private static final Logger LOG = Logger.getLogger(ApiErrors.class);

    @ServerExceptionMapper
    public Response refused(ApiException e) {
        return json(e.status(), e.body());
    }

    @ServerExceptionMapper
    public Response framework(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("API request failed", e);
        }
        return json(status, ApiError.of(sentenceFor(status)));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        LOG.error("API request failed", e);
        return json(500, ApiError.of("the worker could not answer this request; its log says why"));
    }

    static String sentenceFor(int status) {
        return switch (status) {
            case 400 -> "the request is malformed (its body or a parameter cannot be read)";
            case 404 -> "there is nothing at this path";
            case 405 -> "this path does not take this method";
            case 406 -> "this path answers application/json only";
            case 415 -> "this path takes application/json";
            default -> status >= 500 ? "the worker could not answer this request; its log says why"
                    : "the request was refused (HTTP " + status + ")";
        };
    }

    private static Response json(int status, ApiError body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
