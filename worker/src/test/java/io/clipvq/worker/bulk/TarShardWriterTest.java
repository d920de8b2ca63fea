package io.clipvq.worker.bulk;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The tar writer checked by an independent reader: the system's tar command. */
class TarShardWriterTest {

    @Test
    void should_write_a_tar_that_the_tar_command_extracts_byte_for_byte(@TempDir Path dir) throws Exception {
        byte[] png = new byte[1300];
        new Random(3).nextBytes(png);
        byte[] json = "{\"imageIndex\":7}".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarShardWriter tar = new TarShardWriter(bytes)) {
            tar.sample("0000000007", png, json);
            tar.sample("0000000008", new byte[0], json);
        }
        Path file = dir.resolve("shard.tar");
        Files.write(file, bytes.toByteArray());
        Path out = Files.createDirectory(dir.resolve("out"));

        Process tar = new ProcessBuilder("tar", "-xf", file.toString(), "-C", out.toString())
                .redirectErrorStream(true).start();
        String messages = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(tar.waitFor()).as("tar exit code; output: %s", messages).isZero();
        assertThat(bytes.size() % 512).isZero();
        assertThat(Files.readAllBytes(out.resolve("0000000007.png"))).isEqualTo(png);
        assertThat(Files.readAllBytes(out.resolve("0000000007.json"))).isEqualTo(json);
        assertThat(Files.size(out.resolve("0000000008.png"))).isZero();
        try (var files = Files.list(out)) {
            assertThat(files.count()).isEqualTo(4);
        }
    }
}
