package io.clipvq.worker.generation;

import io.clipvq.contracts.job.ModelRef;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The models this worker can serve, whether their engines are open now or not. */
public interface ModelCatalog {

    /** Every servable model, ordered by name then version. */
    List<ServableModel> models();

    /**
     * The model a request names: that version, or the newest ({@link VersionOrder}) when it names none; empty when
     * none is servable. The engine cache also looks again for bundles added since its last scan before answering empty.
     */
    default Optional<ServableModel> resolve(ModelRef model) {
        return models().stream().filter(m -> model.matches(m.name(), m.version()))
                .max(Comparator.comparing(ServableModel::version, VersionOrder.INSTANCE));
    }
}
