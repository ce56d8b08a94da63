package dev.orrery.app.gitsource;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GitUrlPolicyTest {
  static final GitUrlPolicy DEFAULTS = GitUrlPolicy.DEFAULTS;
  static final GitUrlPolicy STRICT = new GitUrlPolicy(false, false, false);
  static final GitUrlPolicy OPEN = new GitUrlPolicy(true, true, true);

  @Test
  void remoteUrlsAreAllowed() {
    for (String url :
        new String[] {
          "https://github.com/team/apps.git",
          "ssh://git@gitlab.example.com:2222/group/sub/apps.git",
          "git@github.com:team/apps.git",
          "http://10.0.0.7:3000/team/apps.git",
          "https://[2001:db8::1]/team/apps.git",
          "https://169.254.example.com/apps.git"
        }) {
      assertThat(STRICT.refusal(url)).as(url).isEmpty();
    }
  }

  @Test
  void fileUrlsAndLocalPathsAreRefusedNamingTheSetting() {
    for (String url :
        new String[] {
          "file:///var/run/secrets/kubernetes.io", "FILE:/etc", "/srv/repo.git", "./repo", "../x"
        }) {
      assertThat(DEFAULTS.refusal(url))
          .as(url)
          .hasValueSatisfying(
              why ->
                  assertThat(why)
                      .contains(
                          "spec.url '" + url + "'", "file system", "orrery.git.allow-file-urls"));
      assertThat(OPEN.refusal(url)).as(url).isEmpty();
    }
  }

  @Test
  void linkLocalHostsAreRefusedByDefault() {
    for (String url :
        new String[] {
          "http://169.254.169.254/latest/meta-data",
          "https://user:pw@169.254.1.1:443/x.git",
          "http://[fe80::1]/x.git",
          "git@169.254.169.254:x.git"
        }) {
      assertThat(DEFAULTS.refusal(url))
          .as(url)
          .hasValueSatisfying(
              why -> assertThat(why).contains("link-local", "allow-link-local-urls"));
      assertThat(OPEN.refusal(url)).as(url).isEmpty();
    }
  }

  @Test
  void loopbackHostsAreAllowedByDefaultAndRefusedWhenConfigured() {
    for (String url :
        new String[] {
          "http://127.0.0.1:3000/team/apps.git",
          "git://127.1.2.3/x.git",
          "http://localhost/x.git",
          "http://LOCALHOST./x.git",
          "http://api.localhost/x.git",
          "http://[::1]:8080/x.git",
          "http://0.0.0.0/x.git",
          "http://[::ffff:127.0.0.1]/x.git",
          "ssh://git@127.0.0.1/x.git",
          "http://127.0.0.%31/x.git"
        }) {
      assertThat(DEFAULTS.refusal(url)).as(url).isEmpty();
      assertThat(STRICT.refusal(url))
          .as(url)
          .hasValueSatisfying(why -> assertThat(why).contains("loopback", "allow-loopback-urls"));
    }
  }

  @Test
  void numericHostsInOtherFormsAreRefused() {
    for (String url :
        new String[] {
          "http://2130706433/x.git",
          "http://0x7f.1/x.git",
          "http://0177.0.0.1/x.git",
          "http://127.1/x"
        }) {
      assertThat(OPEN.refusal(url))
          .as(url)
          .hasValueSatisfying(why -> assertThat(why).contains("four decimal parts"));
    }
  }
}
