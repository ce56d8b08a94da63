package dev.orrery.app.report.forge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ForgeRepoRefTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "https://github.com/o/r.git, o, r",
    "https://github.com/o/r, o, r",
    "https://github.com/o/r/, o, r",
    "https://github.com/o/r.git/, o, r",
    "https://user:secret@github.com/o/r.git, o, r",
    "git@github.com:o/r.git, o, r",
    "github.com:o/r, o, r",
    "git@gitlab.com:group/sub/r.git, group/sub, r",
    "https://gitlab.com/group/sub/deeper/r.git, group/sub/deeper, r",
    "ssh://git@gitlab.example.com:2222/group/r.git, group, r",
    "http://127.0.0.1:3000/o/r.git, o, r",
    "http://localhost:3000/gitea_admin/my.repo.git, gitea_admin, my.repo",
  })
  void readsOwnerAndNameFromCloneUrls(String url, String owner, String name) {
    assertThat(RepoRef.parse(url)).isEqualTo(new RepoRef(owner, name));
  }

  @Test
  void dropsTheForgePathPrefix() {
    assertThat(
            RepoRef.parse(
                "https://example.com/git/o/r.git", URI.create("https://example.com/git/")))
        .isEqualTo(new RepoRef("o", "r"));
    assertThatThrownBy(
            () ->
                RepoRef.parse("https://example.com/o/r.git", URI.create("https://example.com/git")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not under the forge path /git");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://github.com/only",
        "https://github.com/",
        "not a url",
        "/local/path/o/r",
        "git@github.com:r.git"
      })
  void rejectsUrlsWithoutOwnerAndName(String url) {
    assertThatThrownBy(() -> RepoRef.parse(url))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot tell the repository");
  }

  @Test
  void fullPathJoinsOwnerAndName() {
    assertThat(new RepoRef("group/sub", "r").fullPath()).isEqualTo("group/sub/r");
  }
}
