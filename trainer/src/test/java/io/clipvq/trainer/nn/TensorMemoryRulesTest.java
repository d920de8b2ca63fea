package io.clipvq.trainer.nn;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trainer's compiled code never calls a DJL method that makes libtorch read Java memory it does not own
 * (see {@link Tensors} and docs/training-memory.md): no {@code NDArray} operation taking a {@code Number}, no
 * {@code NDManager.create} from Java data and no {@code NDArray.set} from a Java array or buffer, outside
 * {@link Tensors}; nor libtorch's convolution, whose input gradients are wrong on AVX-512 CPUs
 * ({@link Layers#conv2d} instead). Read from the bytecode, so a new call site anywhere in the trainer fails this test.
 */
class TensorMemoryRulesTest {
    private static final String TENSORS = "io/clipvq/trainer/nn/Tensors";
    /** Number overloads that pass the value to libtorch as a C++ scalar (copied), not as a tensor over Java memory. */
    private static final Set<String> SAFE_NUMBER_METHODS = Set.of("clip", "percentile");

    @Test
    void should_find_no_call_that_lets_libtorch_read_java_memory() throws Exception {
        List<String> violations = new ArrayList<>();
        List<Path> classes = trainerClasses();
        assertThat(classes).as("compiled trainer classes").hasSizeGreaterThan(50);
        for (Path file : classes) {
            violations.addAll(violationsIn(file));
        }
        assertThat(violations).as("calls that alias Java memory; use Tensors.scalar / owned / copyInto").isEmpty();
    }

    @Test
    void should_recognise_the_forbidden_calls() {
        assertThat(forbidden("ai/djl/ndarray/NDArray", "mul", "(Ljava/lang/Number;)Lai/djl/ndarray/NDArray;")).isTrue();
        assertThat(forbidden("ai/djl/ndarray/NDArray", "maximum", "(Ljava/lang/Number;)Lai/djl/ndarray/NDArray;")).isTrue();
        assertThat(forbidden("ai/djl/ndarray/NDManager", "create", "([FLai/djl/ndarray/types/Shape;)Lai/djl/ndarray/NDArray;")).isTrue();
        assertThat(forbidden("ai/djl/ndarray/NDManager", "create", "(F)Lai/djl/ndarray/NDArray;")).isTrue();
        assertThat(forbidden("ai/djl/ndarray/NDArray", "set", "([F)V")).isTrue();
        assertThat(forbidden("ai/djl/ndarray/NDArray", "set", "(Lai/djl/ndarray/NDArray;Ljava/lang/Number;)V")).isTrue();
        assertThat(forbidden("ai/djl/ndarray/NDArray", "set", "(Lai/djl/ndarray/index/NDIndex;Lai/djl/ndarray/NDArray;)V")).isFalse();
        assertThat(forbidden("ai/djl/ndarray/NDArray", "cbrt", "()Lai/djl/ndarray/NDArray;")).isTrue();
        assertThat(forbidden("ai/djl/ndarray/internal/NDArrayEx", "convolution", "(Lai/djl/ndarray/NDArray;)Lai/djl/ndarray/NDList;")).isTrue();
        assertThat(forbidden("ai/djl/ndarray/NDArray", "mul", "(Lai/djl/ndarray/NDArray;)Lai/djl/ndarray/NDArray;")).isFalse();
        assertThat(forbidden("ai/djl/ndarray/NDArray", "clip", "(Ljava/lang/Number;Ljava/lang/Number;)Lai/djl/ndarray/NDArray;")).isFalse();
        assertThat(forbidden("ai/djl/ndarray/NDManager", "full", "(Lai/djl/ndarray/types/Shape;FLai/djl/ndarray/types/DataType;)Lai/djl/ndarray/NDArray;")).isFalse();
    }

    static boolean forbidden(String owner, String name, String descriptor) {
        if (!owner.startsWith("ai/djl/")) {
            return false;
        }
        String parameters = descriptor.substring(1, descriptor.indexOf(')'));
        boolean javaData = parameters.contains("[") || parameters.contains("Ljava/nio/") || parameters.matches("^[FDJIZBS]$");
        if (owner.endsWith("NDManager") && name.equals("create")) {
            return javaData;
        }
        if (name.equals("set") && javaData) {
            return true;
        }
        if (name.equals("cbrt")) {
            return true;
        }
        if (owner.endsWith("NDArrayEx") && name.equals("convolution")) {
            return true;   // wrong input gradients on AVX-512 CPUs: Layers.conv2d instead
        }
        return parameters.contains("Ljava/lang/Number;") && !SAFE_NUMBER_METHODS.contains(name);
    }

    private static List<String> violationsIn(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            ClassReader reader = new ClassReader(in);
            String className = reader.getClassName();
            if (className.equals(TENSORS)) {
                return out;
            }
            reader.accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String method, String desc, String signature, String[] exceptions) {
                    return new MethodVisitor(Opcodes.ASM9) {
                        private int line;

                        @Override
                        public void visitLineNumber(int number, org.objectweb.asm.Label start) {
                            line = number;
                        }

                        @Override
                        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
                            if (forbidden(owner, name, descriptor)) {
                                out.add(className.replace('/', '.') + "." + method + " (line " + line + "): "
                                        + owner.substring(owner.lastIndexOf('/') + 1) + "." + name + descriptor);
                            }
                        }
                    };
                }
            }, 0);
        }
        return out;
    }

    private static List<Path> trainerClasses() throws IOException, URISyntaxException {
        Path root = Path.of(Tensors.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".class")).toList();
        }
    }
}
