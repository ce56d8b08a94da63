package dev.orrery.renderer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceTreesTest {

  /** {@code printf 'hello\n' | git hash-object --stdin}. */
  private static final String HELLO_BLOB = "ce013625030ba8dba906f756967f9e9ca394464a";

  @TempDir Path dir;

  @Test
  void mapTreeListsSortedPathsAndUsesGitBlobIds() throws IOException {
    MapSourceTree tree =
        MapSourceTree.of(Map.of("b/x.yaml", "hello\n", "a.yaml", "other", "b.yaml", "hello\n"));

    assertThat(tree.paths()).containsExactly("a.yaml", "b.yaml", "b/x.yaml");
    assertThat(tree.contentId("b/x.yaml"))
        .isEqualTo(HELLO_BLOB)
        .isEqualTo(tree.contentId("b.yaml"));
    assertThat(tree.contentId("a.yaml")).isNotEqualTo(HELLO_BLOB);
    assertThat(new String(tree.read("a.yaml"), StandardCharsets.UTF_8)).isEqualTo("other");
  }

  @Test
  void mapTreeIsImmutableAndCopiesOnChange() throws IOException {
    MapSourceTree tree = MapSourceTree.of(Map.of("a.yaml", "one"));
    MapSourceTree changed = tree.with("a.yaml", "two").with("b.yaml", "three");
    tree.read("a.yaml")[0] = 'X';

    assertThat(new String(tree.read("a.yaml"), StandardCharsets.UTF_8)).isEqualTo("one");
    assertThat(changed.paths()).containsExactly("a.yaml", "b.yaml");
    assertThat(changed.without("a.yaml").paths()).containsExactly("b.yaml");
    assertThatThrownBy(() -> tree.paths().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void mapTreeRejectsPathsThatAreNotNormalized() {
    for (String bad :
        new String[] {"/abs.yaml", "a/../b.yaml", "./a.yaml", "a//b.yaml", "dir/", ""}) {
      assertThatThrownBy(() -> MapSourceTree.of(Map.of(bad, "x")))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void mapTreeReportsMissingFiles() {
    MapSourceTree tree = MapSourceTree.empty();

    assertThatThrownBy(() -> tree.read("nope.yaml")).isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> tree.contentId("nope.yaml"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void directoryTreeSkipsGitMetadataFollowsLinksToFilesAndNamesLinksToDirectories()
      throws IOException {
    write("app/deploy.yaml", "hello\n");
    write("app/sub/.git", "gitdir: elsewhere\n");
    write(".git/config", "[core]\n");
    write(".git/objects/ab/cdef", "blob");
    write("vendor/.git/HEAD", "ref\n");
    write("z.json", "{}");
    Files.createSymbolicLink(dir.resolve("link.yaml"), dir.resolve("z.json"));
    Files.createSymbolicLink(dir.resolve("linkdir"), dir.resolve("app"));

    DirectorySourceTree tree = new DirectorySourceTree(dir);

    assertThat(tree.paths()).containsExactly("app/deploy.yaml", "link.yaml", "z.json");
    assertThat(tree.read("link.yaml")).isEqualTo("{}".getBytes(StandardCharsets.UTF_8));
    assertThat(tree.unreadable()).containsOnlyKeys("linkdir");
    assertThat(tree.unreadable().get("linkdir")).contains("points at a directory");
    assertThat(tree.contentId("app/deploy.yaml")).isEqualTo(HELLO_BLOB);
    assertThat(tree.read("z.json")).isEqualTo("{}".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> tree.read("../outside.yaml")).isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> tree.read(".git/config")).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void directoryTreeRendersLikeTheSameFilesInMemory() throws IOException {
    write("apps/a.yaml", RendererTest.configMap("a") + "---\n" + RendererTest.configMap("b"));
    write(".orreryignore", "skip/\n");
    write("skip/x.yaml", "not: [valid");

    RenderResult fromDisk =
        new Renderer().render(RenderRequest.wholeTree(new DirectorySourceTree(dir), ""));
    RenderResult fromMemory =
        new Renderer()
            .render(
                RenderRequest.wholeTree(
                    MapSourceTree.of(
                        Map.of(
                            "apps/a.yaml",
                            RendererTest.configMap("a") + "---\n" + RendererTest.configMap("b"))),
                    ""));

    assertThat(fromDisk.errors()).isEmpty();
    assertThat(fromDisk.objects()).isEqualTo(fromMemory.objects());
  }

  @Test
  void directoryTreeRequiresADirectory() {
    assertThatThrownBy(() -> new DirectorySourceTree(dir.resolve("missing")))
        .isInstanceOf(NoSuchFileException.class);
  }

  private void write(String path, String text) throws IOException {
    Path file = dir.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }
}
