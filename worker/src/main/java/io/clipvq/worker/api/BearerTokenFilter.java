package io.clipvq.worker.api;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * Applies {@link ApiAccess} to every REST endpoint (all under /api). Only the REST resources pass through JAX-RS
 * filters: /q/health, /q/metrics, /q/openapi and the gallery's static files are served beside them and need no token.
 */
@Provider
public class BearerTokenFilter implements ContainerRequestFilter {

    private final Instance<ApiConfig> config;
    private volatile ApiAccess access;

    /**
     * The filter is built while the application is initialised statically, before runtime settings exist; the token
     * is read on the first request.
     */
    @Inject
    BearerTokenFilter(Instance<ApiConfig> config) {
        this.config = config;
    }

    private ApiAccess access() {
        ApiAccess current = access;
        if (current == null) {
            ApiConfig settings = config.get();
            current = new ApiAccess(settings.token(), settings.readsNeedToken());
            access = current;
        }
        return current;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        AccessDecision decision = access().decide(ApiAccess.isWrite(request.getMethod()),
                request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (decision.allowed()) {
            return;
        }
        Response.ResponseBuilder refusal = Response.status(decision.status()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ApiError.of(decision.error()));
        if (decision.status() == 401) {
            refusal.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"clipvq\"");
        }
        request.abortWith(refusal.build());
    }
}
