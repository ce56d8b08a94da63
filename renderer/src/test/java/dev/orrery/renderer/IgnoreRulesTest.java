package dev.orrery.renderer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IgnoreRulesTest {

  /** One root {@code .orreryignore}, one path, the expected verdict. */
  static Stream<Arguments> rootRules() {
    return Stream.of(
        Arguments.of("*.yaml", "a.yaml", true),
        Arguments.of("*.yaml", "deep/dir/a.yaml", true),
        Arguments.of("*.yaml", "a.yml", false),
        Arguments.of("# *.yaml", "a.yaml", false),
        Arguments.of("\\#notes.yaml", "#notes.yaml", true),
        Arguments.of("a.yaml   ", "a.yaml", true),
        Arguments.of("a.yaml\r", "a.yaml", true),
        Arguments.of("/a.yaml", "a.yaml", true),
        Arguments.of("/a.yaml", "sub/a.yaml", false),
        Arguments.of("sub/a.yaml", "sub/a.yaml", true),
        Arguments.of("sub/a.yaml", "x/sub/a.yaml", false),
        Arguments.of("build/", "build/x.yaml", true),
        Arguments.of("build/", "nested/build/x.yaml", true),
        Arguments.of("build/", "build", false),
        Arguments.of("build/", "builder/x.yaml", false),
        Arguments.of("/build/", "nested/build/x.yaml", false),
        Arguments.of("build", "build/x.yaml", true),
        Arguments.of("build", "build", true),
        Arguments.of("?.yaml", "a.yaml", true),
        Arguments.of("?.yaml", "ab.yaml", false),
        Arguments.of("[ab].yaml", "b.yaml", true),
        Arguments.of("[ab].yaml", "c.yaml", false),
        Arguments.of("**/secret.yaml", "secret.yaml", true),
        Arguments.of("**/secret.yaml", "a/b/secret.yaml", true),
        Arguments.of("docs/**", "docs/a/b.yaml", true),
        Arguments.of("docs/**", "docs.yaml", false),
        Arguments.of("a/**/z.yaml", "a/z.yaml", true),
        Arguments.of("a/**/z.yaml", "a/b/c/z.yaml", true),
        Arguments.of("a/**/z.yaml", "b/a/z.yaml", false),
        Arguments.of("a/*.yaml", "a/b/c.yaml", false),
        Arguments.of("*.yaml\n!keep.yaml", "keep.yaml", false),
        Arguments.of("*.yaml\n!keep.yaml", "other.yaml", true),
        Arguments.of("!keep.yaml\n*.yaml", "keep.yaml", true),
        Arguments.of("*.yaml\n!/keep.yaml", "sub/keep.yaml", true),
        Arguments.of("dir/\n!dir/keep.yaml", "dir/keep.yaml", true),
        Arguments.of("dir/*\n!dir/keep.yaml", "dir/keep.yaml", false),
        Arguments.of("dir/*\n!dir/keep.yaml", "dir/drop.yaml", true),
        Arguments.of("\\!important.yaml", "!important.yaml", true),
        Arguments.of("[", "[", false),
        Arguments.of("", "a.yaml", false));
  }

  @ParameterizedTest(name = "[{index}] rule {0} on {1} -> {2}")
  @MethodSource("rootRules")
  void appliesGitignoreSyntax(String rules, String path, boolean ignored) {
    IgnoreRules ignore = IgnoreRules.of(Map.of("", rules));

    assertThat(ignore.isIgnored(path)).isEqualTo(ignored);
  }

  /** Nested files: root, {@code apps/}, {@code apps/web/}. */
  static Stream<Arguments> nestedRules() {
    return Stream.of(
        Arguments.of("apps/a.tmp.yaml", true),
        Arguments.of("apps/web/keep.tmp.yaml", false),
        Arguments.of("apps/web/other.tmp.yaml", true),
        Arguments.of("apps/local.yaml", true),
        Arguments.of("local.yaml", false),
        Arguments.of("apps/web/local.yaml", true),
        Arguments.of("apps/web/values/prod.yaml", true),
        Arguments.of("apps/values/prod.yaml", false),
        Arguments.of("apps/web/deploy.yaml", false),
        Arguments.of("apps/web/only-here.yaml", true),
        Arguments.of("apps/only-here.yaml", false),
        Arguments.of("vendor/x.yaml", true),
        Arguments.of("apps/web/unignored.yaml", false));
  }

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @MethodSource("nestedRules")
  void deeperFilesApplyToTheirSubtreeAndOverrideShallowerOnes(String path, boolean ignored) {
    IgnoreRules ignore =
        IgnoreRules.of(
            Map.of(
                "", "*.tmp.yaml\n/vendor/\nunignored.yaml\n",
                "apps", "/local.yaml\n**/local.yaml\n",
                "apps/web", "!keep.tmp.yaml\n/values/\n/only-here.yaml\n!unignored.yaml\n"));

    assertThat(ignore.isIgnored(path)).isEqualTo(ignored);
  }

  @Test
  void aFileInsideAnIgnoredDirectoryCannotBeReincludedByADeeperFile() {
    IgnoreRules ignore = IgnoreRules.of(Map.of("", "apps/\n", "apps", "!keep.yaml\n"));

    assertThat(ignore.isIgnored("apps/keep.yaml")).isTrue();
  }

  @Test
  void loadsIgnoreFilesFromATree() throws IOException {
    MapSourceTree tree =
        MapSourceTree.of(
            Map.of(
                ".orreryignore", "# comment\n\n*.draft.yaml\n",
                "team/.orreryignore", "/scratch/\n",
                "team/scratch/a.yaml", "",
                "team/a.draft.yaml", "",
                "scratch/a.yaml", ""));

    IgnoreRules ignore = IgnoreRules.load(tree);

    assertThat(ignore.isIgnored("team/scratch/a.yaml")).isTrue();
    assertThat(ignore.isIgnored("team/a.draft.yaml")).isTrue();
    assertThat(ignore.isIgnored("scratch/a.yaml")).isFalse();
  }
}
