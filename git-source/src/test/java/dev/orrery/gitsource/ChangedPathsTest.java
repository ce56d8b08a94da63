package dev.orrery.gitsource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.junit.TestRepository;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChangedPathsTest {

  private InMemoryRepository repository;
  private TestRepository<InMemoryRepository> git;
  private RevCommit base;

  @BeforeEach
  void setUp() throws Exception {
    repository = new InMemoryRepository(new DfsRepositoryDescription("changes"));
    git = new TestRepository<>(repository);
    base =
        git.commit()
            .add("apps/a.yaml", "a: 1\n")
            .add("apps/b.yaml", "b: 1\n")
            .add("apps/c.yaml", "c: 1\n")
            .add("README.md", "readme\n")
            .create();
  }

  @Test
  void reportsAddedModifiedAndDeletedPaths() throws Exception {
    RevCommit next =
        git.commit()
            .parent(base)
            .add("apps/a.yaml", "a: 2\n")
            .rm("apps/b.yaml")
            .add("apps/d.yaml", "d: 1\n")
            .create();

    ChangedPaths changes = ChangedPaths.between(repository, base.name(), next.name());

    assertThat(changes.added()).containsExactly("apps/d.yaml");
    assertThat(changes.modified()).containsExactly("apps/a.yaml");
    assertThat(changes.deleted()).containsExactly("apps/b.yaml");
    assertThat(changes.all()).containsExactly("apps/a.yaml", "apps/b.yaml", "apps/d.yaml");
  }

  @Test
  void reportsARenameAsDeleteAndAdd() throws Exception {
    RevCommit renamed =
        git.commit().parent(base).rm("apps/c.yaml").add("apps/renamed/c.yaml", "c: 1\n").create();

    ChangedPaths changes = ChangedPaths.between(repository, base.name(), renamed.name());

    assertThat(changes.deleted()).containsExactly("apps/c.yaml");
    assertThat(changes.added()).containsExactly("apps/renamed/c.yaml");
    assertThat(changes.modified()).isEmpty();
  }

  @Test
  void identicalTreesHaveNoChanges() throws Exception {
    RevCommit emptyChange = git.commit().parent(base).message("no file changes").create();

    ChangedPaths changes = ChangedPaths.between(repository, base.name(), emptyChange.name());

    assertThat(changes.isEmpty()).isTrue();
  }

  @Test
  void aModeChangeIsAModification() throws Exception {
    RevCommit executable =
        git.commit()
            .parent(base)
            .edit(
                new DirCacheEditor.PathEdit("apps/a.yaml") {
                  @Override
                  public void apply(DirCacheEntry entry) {
                    entry.setFileMode(FileMode.EXECUTABLE_FILE);
                    entry.setObjectId(findBlob("a: 1\n"));
                  }
                })
            .create();

    assertThat(ChangedPaths.between(repository, base.name(), executable.name()).modified())
        .containsExactly("apps/a.yaml");
  }

  @Test
  void aFileReplacedByADirectoryIsDeletedAndItsFilesAdded() throws Exception {
    RevCommit next =
        git.commit().parent(base).rm("README.md").add("README.md/inner.yaml", "x: 1\n").create();

    ChangedPaths changes = ChangedPaths.between(repository, base.name(), next.name());

    assertThat(changes.deleted()).containsExactly("README.md");
    assertThat(changes.added()).containsExactly("README.md/inner.yaml");
  }

  @Test
  void withoutAnOldCommitEverythingIsAdded() {
    ChangedPaths changes = ChangedPaths.between(repository, null, base.name());

    assertThat(changes.added())
        .containsExactly("README.md", "apps/a.yaml", "apps/b.yaml", "apps/c.yaml");
    assertThat(changes.modified()).isEmpty();
    assertThat(changes.deleted()).isEmpty();
  }

  @Test
  void aMissingCommitIsReported() {
    assertThatThrownBy(
            () ->
                ChangedPaths.between(
                    repository, "0123456789012345678901234567890123456789", base.name()))
        .isInstanceOf(GitSourceException.class)
        .hasMessageContaining("0123456789012345678901234567890123456789");
  }

  private ObjectId findBlob(String content) {
    try {
      return git.blob(content);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
