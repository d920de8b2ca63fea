package io.clipvq.worker.api;

import io.clipvq.worker.generation.ModelCatalog;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** The models this worker can serve, as a job request names them. Where they are stored is not shown. */
@Path("/api/models")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "models")
public class ModelsResource {

    private final ModelCatalog catalog;

    @Inject
    ModelsResource(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    @GET
    @Operation(summary = "Servable models, by name then version")
    public List<ModelView> list() {
        return catalog.models().stream()
                .map(m -> new ModelView(m.id(), m.name(), m.version(), m.open())).toList();
    }
}
