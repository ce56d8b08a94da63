package dev.orrery.gitsource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.orrery.renderer.RenderError;
import dev.orrery.renderer.RenderRequest;
import dev.orrery.renderer.RenderResult;
import dev.orrery.renderer.Renderer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.junit.TestRepository;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile repositories read without a work tree: symbolic links out of the tree, in loops, at
 * directories or at nothing are named with their reason (and rejected by the renderer at their
 * path) instead of skipped silently; huge blobs are sized without being read; 100,000 files list
 * and render in bounded time.
 */
class CommitTreeHostileTest {

  private static final Duration HANG_GUARD = Duration.ofSeconds(60);

  /** 100,000 files took 3 s on a quiet 2-core machine and 43 s at load average 10. */
  private static final Duration LARGE_TREE_HANG_GUARD = Duration.ofSeconds(180);

  private static final String CONFIG_MAP =
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: %s}\n";

  private InMemoryRepository repository;
  private TestRepository<InMemoryRepository> git;

  @BeforeEach
  void setUp() {
    repository = new InMemoryRepository(new DfsRepositoryDescription("hostile"));
    git = assertDoesNotThrow(() -> new TestRepository<>(repository));
  }

  private static <T> T assertDoesNotThrow(java.util.concurrent.Callable<T> call) {
    try {
      return call.call();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A commit with the given files and symbolic links (path to target). */
  private RevCommit commit(Map<String, String> files, Map<String, String> links) throws Exception {
    TestRepository<InMemoryRepository>.CommitBuilder builder = git.commit();
    for (Map.Entry<String, String> file : files.entrySet()) {
      builder.add(file.getKey(), file.getValue());
    }
    for (Map.Entry<String, String> link : links.entrySet()) {
      ObjectId target = git.blob(link.getValue());
      builder.edit(
          new DirCacheEditor.PathEdit(link.getKey()) {
            @Override
            public void apply(DirCacheEntry entry) {
              entry.setFileMode(FileMode.SYMLINK);
              entry.setObjectId(target);
            }
          });
    }
    return builder.create();
  }

  private CommitTree tree(Map<String, String> files, Map<String, String> links) throws Exception {
    RevCommit commit = commit(files, links);
    return assertTimeoutPreemptively(HANG_GUARD, () -> CommitTree.of(repository, commit.name()));
  }

  @Test
  void aSymbolicLinkOutOfTheRepositoryIsNamedNotSkipped() throws Exception {
    CommitTree tree =
        tree(
            Map.of("apps/ok.yaml", "a: 1\n"),
            Map.of("apps/passwd.yaml", "../../etc/passwd", "apps/abs.yaml", "/etc/passwd"));

    assertThat(tree.paths()).containsExactly("apps/ok.yaml");
    assertThat(tree.unreadable()).containsOnlyKeys("apps/abs.yaml", "apps/passwd.yaml");
    assertThat(tree.unreadable().get("apps/passwd.yaml"))
        .isEqualTo("symbolic link to '../../etc/passwd' points outside the repository");
    assertThat(tree.unreadable().get("apps/abs.yaml"))
        .contains("'/etc/passwd' points outside the repository");
  }

  @Test
  void symbolicLinkLoopsAreNamed() throws Exception {
    CommitTree tree =
        tree(
            Map.of("ok.yaml", "a: 1\n"),
            Map.of(
                "a.yaml",
                "b.yaml",
                "b.yaml",
                "a.yaml",
                "self.yaml",
                "./self.yaml",
                "d/up",
                "../d/up/x"));

    assertThat(tree.paths()).containsExactly("ok.yaml");
    assertThat(tree.unreadable()).containsOnlyKeys("a.yaml", "b.yaml", "self.yaml", "d/up");
    assertThat(tree.unreadable().values())
        .allSatisfy(reason -> assertThat(reason).contains("loops"));
  }

  @Test
  void aSymbolicLinkLeavingThroughAnotherLinkIsNamed() throws Exception {
    CommitTree tree =
        tree(Map.of("ok.yaml", "a: 1\n"), Map.of("up", "..", "apps/x.yaml", "../up/etc/passwd"));

    assertThat(tree.unreadable().get("apps/x.yaml")).contains("points outside the repository");
  }

  @Test
  void symbolicLinksToDirectoriesOrNothingAreNamed() throws Exception {
    CommitTree tree =
        tree(Map.of("base/cm.yaml", "a: 1\n"), Map.of("apps", "base", "gone.yaml", "missing.yaml"));

    assertThat(tree.unreadable())
        .containsEntry("apps", "symbolic link to 'base' points at a directory, which is not read")
        .containsEntry(
            "gone.yaml", "symbolic link to 'missing.yaml' points at nothing in this revision");
  }

  @Test
  void symbolicLinksToFilesInsideTheRepositoryAreReadLikeThem() throws Exception {
    CommitTree tree =
        tree(
            Map.of("base/cm.yaml", "a: 1\n"),
            Map.of("dir", "base", "apps/cm.yaml", "../dir/cm.yaml", "apps/chain.yaml", "cm.yaml"));

    assertThat(tree.paths()).containsExactly("apps/chain.yaml", "apps/cm.yaml", "base/cm.yaml");
    assertThat(new String(tree.read("apps/chain.yaml"), StandardCharsets.UTF_8))
        .isEqualTo("a: 1\n");
    assertThat(tree.unreadable()).containsOnlyKeys("dir");
  }

  @Test
  void theRendererRejectsARevisionWithALinkOutOfTheRepositoryAtTheLinksPath() throws Exception {
    CommitTree tree =
        tree(
            Map.of("apps/ok.yaml", String.format(CONFIG_MAP, "ok")),
            Map.of("apps/stolen.yaml", "../../../../root/.kube/config"));
    RenderResult result = new Renderer().render(RenderRequest.wholeTree(tree, "ns"));

    assertThat(result.ok()).isFalse();
    assertThat(result.objects()).isEmpty();
    assertThat(result.errors()).extracting(RenderError::path).containsExactly("apps/stolen.yaml");
    assertThat(result.errors().get(0).message()).contains("points outside the repository");
  }

  @Test
  void aHugeBlobIsSizedWithoutBeingReadAndRefusedByTheRenderer() throws Exception {
    byte[] big = new byte[50 << 20];
    Arrays.fill(big, (byte) '#');
    org.eclipse.jgit.revwalk.RevBlob blob = git.blob(big);
    RevCommit commit =
        git.commit().add("big.yaml", blob).add("ok.yaml", String.format(CONFIG_MAP, "ok")).create();
    CommitTree tree = CommitTree.of(repository, commit.name());

    assertThat(tree.size("big.yaml")).isEqualTo(50L << 20);
    RenderResult result =
        assertTimeoutPreemptively(
            HANG_GUARD, () -> new Renderer().render(RenderRequest.wholeTree(tree, "ns")));
    assertThat(result.objects()).isEmpty();
    assertThat(result.errors())
        .singleElement()
        .satisfies(
            error -> {
              assertThat(error.path()).isEqualTo("big.yaml");
              assertThat(error.message()).contains("(maxFileBytes)");
            });
  }

  /**
   * One commit of {@code n} ConfigMap files in 100 directories, written with one inserter (one
   * pack).
   */
  private RevCommit manyFiles(int n) throws Exception {
    DirCache index = DirCache.newInCore();
    DirCacheBuilder builder = index.builder();
    try (ObjectInserter inserter = repository.newObjectInserter()) {
      for (int i = 0; i < n; i++) {
        DirCacheEntry entry = new DirCacheEntry("apps/d" + (i % 100) + "/f" + i + ".yaml");
        entry.setFileMode(FileMode.REGULAR_FILE);
        entry.setObjectId(
            inserter.insert(
                Constants.OBJ_BLOB,
                String.format(CONFIG_MAP, "c" + i).getBytes(StandardCharsets.UTF_8)));
        builder.add(entry);
      }
      builder.finish();
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(index.writeTree(inserter));
      PersonIdent author = new PersonIdent("Orrery", "dev@orrery.dev");
      commit.setAuthor(author);
      commit.setCommitter(author);
      commit.setMessage("100,000 files");
      ObjectId id = inserter.insert(commit);
      inserter.flush();
      return git.getRevWalk().parseCommit(id);
    }
  }

  @Test
  void aHundredThousandFilesAreListedAndRenderedWithoutAWorkTree() throws Exception {
    RevCommit commit = manyFiles(100_000);
    long start = System.nanoTime();
    CommitTree tree =
        assertTimeoutPreemptively(
            LARGE_TREE_HANG_GUARD, () -> CommitTree.of(repository, commit.name()));
    long listed = System.nanoTime();
    RenderResult result =
        assertTimeoutPreemptively(
            LARGE_TREE_HANG_GUARD,
            () -> new Renderer().render(RenderRequest.wholeTree(tree, "ns")));
    System.out.printf(
        "hostile-input 100,000 files from a commit: listed in %d ms, rendered in %d ms%n",
        (listed - start) / 1_000_000, (System.nanoTime() - listed) / 1_000_000);

    assertThat(tree.paths()).hasSize(100_000);
    assertThat(result.errors()).isEmpty();
    assertThat(result.objects()).hasSize(100_000);
  }
}
