package io.clipvq.contracts.job;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The model bundle a job asks for.
 *
 * @param name    bundle name as in its manifest
 * @param version bundle version; null accepts whichever version of that name the worker has loaded
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelRef(String name, String version) {

    /** The inverse of {@link #toString()}: {@code name} or {@code name:version}, as the CLI takes it. */
    public static ModelRef parse(String text) {
        int colon = text.indexOf(':');
        return colon < 0 ? new ModelRef(text, null)
                : new ModelRef(text.substring(0, colon), text.substring(colon + 1));
    }

    public boolean matches(String loadedName, String loadedVersion) {
        return name.equals(loadedName) && (version == null || version.equals(loadedVersion));
    }

    @Override
    public String toString() {
        return version == null ? name : name + ":" + version;
    }
}
