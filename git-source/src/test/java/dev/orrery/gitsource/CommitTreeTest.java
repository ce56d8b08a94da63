package dev.orrery.gitsource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.junit.TestRepository;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevTag;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CommitTreeTest {

  private InMemoryRepository repository;
  private TestRepository<InMemoryRepository> git;
  private RevCommit commit;

  @BeforeEach
  void setUp() throws Exception {
    repository = new InMemoryRepository(new DfsRepositoryDescription("tree"));
    git = new TestRepository<>(repository);
    commit =
        git.commit()
            .add("z.yaml", "z: 1\n")
            .add("apps/web/deployment.yaml", "kind: Deployment\n")
            .add("apps/web-2.yaml", "kind: Service\n")
            .add("charts/app/Chart.yaml", "name: app\n")
            .add("link", git.blob("target"))
            .create();
  }

  @Test
  void listsFilesSortedInNaturalStringOrder() {
    CommitTree tree = CommitTree.of(repository, commit.name());

    assertThat(tree.paths())
        .containsExactly(
            "apps/web-2.yaml",
            "apps/web/deployment.yaml",
            "charts/app/Chart.yaml",
            "link",
            "z.yaml");
    assertThat(tree.commitId()).isEqualTo(commit.name());
  }

  @Test
  void readsFileContentFromTheTree() throws Exception {
    CommitTree tree = CommitTree.of(repository, commit.name());

    assertThat(new String(tree.read("apps/web/deployment.yaml"), StandardCharsets.UTF_8))
        .isEqualTo("kind: Deployment\n");
  }

  @Test
  void contentIdIsTheGitBlobId() {
    CommitTree tree = CommitTree.of(repository, commit.name());

    String expected =
        new ObjectInserter.Formatter()
            .idFor(Constants.OBJ_BLOB, "z: 1\n".getBytes(StandardCharsets.UTF_8))
            .name();
    assertThat(tree.contentId("z.yaml")).isEqualTo(expected);
  }

  @Test
  void equalContentHasEqualIdsAcrossCommits() throws Exception {
    RevCommit next = git.commit().parent(commit).add("other.yaml", "z: 1\n").create();

    assertThat(CommitTree.of(repository, next.name()).contentId("other.yaml"))
        .isEqualTo(CommitTree.of(repository, commit.name()).contentId("z.yaml"));
  }

  @Test
  void aSymbolicLinkToAFileIsListedWithThatFilesContent() throws Exception {
    RevCommit withLink =
        git.commit()
            .parent(commit)
            .edit(
                new DirCacheEditor.PathEdit("symlink") {
                  @Override
                  public void apply(DirCacheEntry entry) {
                    entry.setFileMode(FileMode.SYMLINK);
                    entry.setObjectId(blobOf("z.yaml"));
                  }
                })
            .create();

    CommitTree tree = CommitTree.of(repository, withLink.name());
    assertThat(tree.paths()).contains("symlink");
    assertThat(tree.contentId("symlink")).isEqualTo(tree.contentId("z.yaml"));
    assertThat(tree.unreadable()).isEmpty();
  }

  @Test
  void unknownPathsAreReported() {
    CommitTree tree = CommitTree.of(repository, commit.name());

    assertThatThrownBy(() -> tree.read("apps")).isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> tree.contentId("missing.yaml"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aTagIsPeeledToItsCommit() throws Exception {
    RevTag tag = git.tag("v1", commit);

    assertThat(CommitTree.of(repository, tag.name()).commitId()).isEqualTo(commit.name());
  }

  private ObjectId blobOf(String content) {
    try {
      return git.blob(content);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
