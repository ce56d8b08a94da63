package dev.orrery.spaces.gitea;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GiteaAppIniTest {
  private static final GiteaSecrets SECRETS =
      new GiteaSecrets("the-secret-key", "the-internal-token", "the-jwt");
  private static final GiteaAppIni INI =
      new GiteaAppIni(Path.of("/runs/forge"), Path.of("/cache/gitea-1"), 40123, SECRETS);

  @ParameterizedTest(name = "[{0}] {1} = {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "''                   | WORK_PATH                         | /runs/forge",
        "''                   | I_AM_BEING_UNSAFE_RUNNING_AS_ROOT | true",
        "server               | HTTP_ADDR                         | 127.0.0.1",
        "server               | HTTP_PORT                         | 40123",
        "server               | ROOT_URL                          | http://127.0.0.1:40123/",
        "server               | LOCAL_ROOT_URL                    | http://127.0.0.1:40123/",
        "server               | STATIC_ROOT_PATH                  | /cache/gitea-1",
        "server               | APP_DATA_PATH                     | /runs/forge/data",
        "server               | DISABLE_SSH                       | true",
        "server               | START_SSH_SERVER                  | false",
        "server               | OFFLINE_MODE                      | true",
        "database             | DB_TYPE                           | sqlite3",
        "database             | PATH                              | /runs/forge/data/gitea.db",
        "repository           | ROOT                              | /runs/forge/repositories",
        "repository           | DEFAULT_BRANCH                    | main",
        "security             | INSTALL_LOCK                      | true",
        "security             | SECRET_KEY                        | the-secret-key",
        "security             | INTERNAL_TOKEN                    | the-internal-token",
        "oauth2               | JWT_SECRET                        | the-jwt",
        "service              | DISABLE_REGISTRATION              | true",
        "webhook              | ALLOWED_HOST_LIST                 | loopback",
        "mailer               | ENABLED                           | false",
        "log                  | MODE                              | file",
        "log                  | ROOT_PATH                         | /runs/forge/logs",
        "indexer              | ISSUE_INDEXER_TYPE                | db",
        "queue                | DATADIR                           | /runs/forge/data/queues/common",
        "actions              | ENABLED                           | false",
        "cron.update_checker  | ENABLED                           | false",
      })
  void rendersHeadlessLoopbackSettings(String section, String key, String value) {
    assertThat(parse(INI.render())).containsEntry(section + "." + key, value);
  }

  @Test
  void everyKeyIsSetOnce() {
    String text = INI.render();
    long assignments = text.lines().filter(line -> line.contains(" = ")).count();
    assertThat(parse(text)).hasSize((int) assignments);
  }

  @Test
  void refusesRelativePathsAndImpossiblePorts() {
    assertThatThrownBy(() -> new GiteaAppIni(Path.of("forge"), Path.of("/cache"), 3000, SECRETS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("absolute");
    assertThatThrownBy(() -> new GiteaAppIni(Path.of("/forge"), Path.of("/cache"), 0, SECRETS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("port");
  }

  @Test
  void generatedSecretsAreFreshAndTheJwtSecretHasTheLengthGiteaRequires() {
    SecureRandom random = new SecureRandom();
    GiteaSecrets one = GiteaSecrets.generate(random);
    GiteaSecrets two = GiteaSecrets.generate(random);
    assertThat(one.secretKey()).isNotEqualTo(two.secretKey()).hasSize(64);
    assertThat(one.internalToken()).isNotEqualTo(two.internalToken()).isNotEqualTo(one.secretKey());
    assertThat(one.jwtSecret()).doesNotContain("=", "+", "/");
    assertThat(Base64.getUrlDecoder().decode(one.jwtSecret()))
        .hasSize(GiteaSecrets.JWT_SECRET_BYTES);
    assertThat(one.toString())
        .doesNotContain(one.secretKey(), one.internalToken(), one.jwtSecret());
  }

  /** "section.KEY" to value; keys before the first section header belong to section "". */
  private static Map<String, String> parse(String ini) {
    Map<String, String> values = new HashMap<>();
    String section = "";
    for (String line : ini.lines().map(String::strip).toList()) {
      if (line.startsWith("[") && line.endsWith("]")) {
        section = line.substring(1, line.length() - 1);
      } else if (line.contains(" = ")) {
        int eq = line.indexOf(" = ");
        values.put(section + "." + line.substring(0, eq), line.substring(eq + 3));
      }
    }
    return values;
  }
}
