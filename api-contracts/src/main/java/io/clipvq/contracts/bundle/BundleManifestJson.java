package io.clipvq.contracts.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The one way to read and write manifest.json. Reading checks, in order: JSON syntax, the JSON Schema
 * (/schemas/bundle-manifest.schema.json), then {@link BundleManifest#consistencyProblems()}.
 */
public final class BundleManifestJson {
    public static final String SCHEMA_RESOURCE = "/schemas/bundle-manifest.schema.json";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();
    private static final Schema SCHEMA = loadSchema();

    private BundleManifestJson() {
    }

    /** @throws InvalidBundleManifestException listing every problem (JSON syntax, schema, consistency) */
    public static BundleManifest parse(String json) {
        List<String> problems = schemaProblems(json);
        if (!problems.isEmpty()) {
            throw new InvalidBundleManifestException(problems);
        }
        BundleManifest manifest;
        try {
            manifest = MAPPER.readValue(json, BundleManifest.class);
        } catch (JsonProcessingException e) {
            throw new InvalidBundleManifestException(List.of(e.getOriginalMessage()));
        }
        List<String> consistency = manifest.consistencyProblems();
        if (!consistency.isEmpty()) {
            throw new InvalidBundleManifestException(consistency);
        }
        return manifest;
    }

    /** Pretty-printed JSON with fields in schema order and files sorted: equal manifests give equal bytes. */
    public static String write(BundleManifest manifest) {
        try {
            return MAPPER.writeValueAsString(manifest) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write bundle manifest " + manifest.name(), e);
        }
    }

    /** Problems of the text against the JSON Schema, each naming its location ("$.codeGrid.height: ..."). */
    public static List<String> schemaProblems(String json) {
        if (json == null || json.isBlank()) {
            return List.of("$: empty, expected a JSON object");
        }
        try {
            MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            return List.of("not valid JSON" + where + ": " + e.getOriginalMessage());
        }
        List<String> problems = new ArrayList<>();
        for (Error error : SCHEMA.validate(json, InputFormat.JSON)) {
            problems.add(fieldOf(error.getInstanceLocation()) + ": " + error.getMessage());
        }
        return problems;
    }

    /** "codeGrid.height", "files['denoiser.onnx']", "clip.mean[2]"; "$" for the whole document. */
    private static String fieldOf(NodePath path) {
        StringBuilder field = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            Object element = path.getElement(i);
            if (element instanceof Number index) {
                field.append('[').append(index).append(']');
            } else if (element.toString().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                field.append(field.length() == 0 ? "" : ".").append(element);
            } else {
                field.append("['").append(element).append("']");
            }
        }
        return field.length() == 0 ? "$" : field.toString();
    }

    private static Schema loadSchema() {
        try (InputStream in = BundleManifestJson.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("schema resource " + SCHEMA_RESOURCE + " is missing from the classpath");
            }
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SCHEMA_RESOURCE, e);
        }
    }
}
