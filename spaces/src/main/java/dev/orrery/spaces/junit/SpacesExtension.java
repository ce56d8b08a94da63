package dev.orrery.spaces.junit;

import dev.orrery.spaces.Directories;
import dev.orrery.spaces.LocalSpaces;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Starts the {@link WithSpaces} set once per test class (logs under {@code
 * target/spaces/<TestClass>}) and stops it when the class is done.
 */
public final class SpacesExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SpacesExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == LocalSpaces.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> testClass = context.getRequiredTestClass();
    WithSpaces spec =
        AnnotationSupport.findAnnotation(testClass, WithSpaces.class)
            .orElseThrow(() -> new ParameterResolutionException(testClass + " lacks @WithSpaces"));
    ExtensionContext classContext = classContext(context);
    return classContext
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            testClass, ignored -> new Started(start(testClass, spec)), Started.class)
        .spaces();
  }

  private static ExtensionContext classContext(ExtensionContext context) {
    ExtensionContext c = context;
    while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
      c = c.getParent().get();
    }
    return c;
  }

  private static LocalSpaces start(Class<?> testClass, WithSpaces spec) {
    Path dir = Path.of("target", "spaces", testClass.getSimpleName());
    Directories.deleteRecursively(dir);
    LocalSpaces.Builder builder =
        LocalSpaces.builder()
            .directory(dir)
            .nodesPerWec(spec.nodesPerWec())
            .registration(spec.registration())
            .leaseDurationSeconds(spec.leaseDurationSeconds());
    for (WithSpaces.Wec wec : spec.wecs()) {
      builder.wec(wec.name(), labels(wec.labels()));
    }
    return builder.start();
  }

  static Map<String, String> labels(String[] pairs) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (String pair : pairs) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("label '" + pair + "' is not key=value");
      }
      labels.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return labels;
  }

  /** Closes the spaces when JUnit discards the class-level store. */
  private record Started(LocalSpaces spaces)
      implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    @Override
    public void close() {
      spaces.close();
    }
  }
}
