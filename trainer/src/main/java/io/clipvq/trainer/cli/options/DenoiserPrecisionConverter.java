package io.clipvq.trainer.cli.options;

import io.clipvq.contracts.bundle.DenoiserPrecision;
import picocli.CommandLine;

/** Reads "fp32" or "int8" (the manifest's spelling, any case) for a --...-precision option. */
public final class DenoiserPrecisionConverter implements CommandLine.ITypeConverter<DenoiserPrecision> {
    @Override
    public DenoiserPrecision convert(String value) {
        return DenoiserPrecision.parse(value);
    }
}
