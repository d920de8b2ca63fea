package io.clipvq.worker.api;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** The API's OpenAPI document (served at /q/openapi): its title and the bearer scheme of the write endpoints. */
@OpenAPIDefinition(info = @Info(title = "clipvq worker API", version = "1",
        description = "Jobs, models and job events of a clipvq worker. Writes need Authorization: Bearer "
                + "<CLIPVQ_API_TOKEN>; reads too when CLIPVQ_API_READS_NEED_TOKEN is true."))
@SecurityScheme(securitySchemeName = ApiDocument.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer")
public class ApiDocument extends Application {
    static final String BEARER = "bearer";
}
