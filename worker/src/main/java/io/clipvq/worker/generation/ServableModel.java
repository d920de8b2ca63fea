package io.clipvq.worker.generation;

/**
 * One model bundle this worker can serve.
 *
 * @param name    the manifest's model name
 * @param version the manifest's model version
 * @param source  where the bundle comes from (a directory, or s3://bucket/prefix/)
 * @param open    whether its engines are open now (a closed one opens on the first job that needs it)
 */
public record ServableModel(String name, String version, String source, boolean open) {

    /** name:version, as jobs and image metadata name a model. */
    public String id() {
        return name + ":" + version;
    }
}
