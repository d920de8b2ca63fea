package io.clipvq.trainer.worlds;

import java.util.List;
import java.util.ServiceLoader;

/** The worlds on the class path, registered as {@link World} services (META-INF/services). */
public final class Worlds {
    private Worlds() {
    }

    public static List<World> all() {
        return ServiceLoader.load(World.class).stream().map(ServiceLoader.Provider::get).toList();
    }

    /** The world named {@code name}; an unknown name is an error listing the known ones. */
    public static World byName(String name) {
        List<World> worlds = all();
        return worlds.stream().filter(w -> w.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown world '" + name + "'; known worlds: "
                        + String.join(", ", worlds.stream().map(World::name).toList())));
    }
}
