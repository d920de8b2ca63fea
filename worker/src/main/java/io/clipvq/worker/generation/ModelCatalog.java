package io.clipvq.worker.generation;

import java.util.List;

/** The models this worker can serve, whether their engines are open now or not. */
public interface ModelCatalog {

    /** Every servable model, ordered by name then version. */
    List<ServableModel> models();
}
