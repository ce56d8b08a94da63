package dev.orrery.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OrreryConfigTest {

  @Test
  void theGitCacheDefaultsToTheUsersHomeNotALiteralPlaceholder() {
    try (ApplicationContext context = ApplicationContext.run(Map.of())) {
      assertThat(context.getBean(OrreryConfig.class).gitCacheDir())
          .isEqualTo(
              Path.of(System.getProperty("user.home"), ".cache", "orrery", "git").toString());
    }
  }

  @Test
  void aConfiguredGitCacheIsKept() {
    try (ApplicationContext context =
        ApplicationContext.run(Map.of("orrery.git-cache-dir", "/var/cache/orrery/git"))) {
      assertThat(context.getBean(OrreryConfig.class).gitCacheDir())
          .isEqualTo("/var/cache/orrery/git");
      assertThat(context.getBean(OrreryConfig.class).workers()).isEqualTo(2);
    }
  }
}
