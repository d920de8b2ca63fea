package io.clipvq.devstack;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 access to the per-JVM {@link SharedDevStack}:
 *
 * <pre>{@code
 * @ExtendWith(DevStackExtension.class)
 * class JobPathIT {
 *     @Test
 *     void should_store_the_image(DevStack stack) { ... stack.kafkaBootstrapServers() ... }
 * }
 * }</pre>
 *
 * The stack starts before the first test class that uses it (so its start-up is not charged to a test's timeout)
 * and stops when the test JVM exits.
 */
public final class DevStackExtension implements BeforeAllCallback, ParameterResolver {

    @Override
    public void beforeAll(ExtensionContext context) {
        SharedDevStack.get();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == DevStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return SharedDevStack.get();
    }
}
