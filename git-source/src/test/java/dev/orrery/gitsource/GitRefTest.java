package dev.orrery.gitsource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectIdRef;
import org.eclipse.jgit.lib.Ref;
import org.junit.jupiter.api.Test;

/** Resolution of refs against advertised refs, with no remote involved. */
class GitRefTest {

  private static final String C1 = "1111111111111111111111111111111111111111";
  private static final String C2 = "2222222222222222222222222222222222222222";
  private static final String C3 = "3333333333333333333333333333333333333333";
  private static final String TAG_OBJECT = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

  private static final List<Ref> ADVERTISED =
      List.of(
          ref("HEAD", C3),
          ref("refs/heads/main", C3),
          ref("refs/heads/release", C2),
          ref("refs/tags/v1.0.0", C1),
          annotated("refs/tags/v1.1.0", TAG_OBJECT, C2),
          ref("refs/tags/1.2.0", C2),
          ref("refs/tags/v1.2.0", C2),
          ref("refs/tags/v1.3.0-rc.1", C3),
          ref("refs/tags/v2.0.0", C3),
          ref("refs/tags/latest", C3),
          ref("refs/pull/7/head", "4444444444444444444444444444444444444444"));

  @Test
  void branchesResolveByShortOrFullName() {
    assertThat(GitRef.branch("main").resolve(ADVERTISED))
        .isEqualTo(new ResolvedRef("refs/heads/main", C3, null));
    assertThat(GitRef.branch("refs/heads/release").resolve(ADVERTISED).objectId()).isEqualTo(C2);
    assertThatThrownBy(() -> GitRef.branch("missing").resolve(ADVERTISED))
        .isInstanceOf(RefResolutionException.class)
        .hasMessageContaining("branch 'missing'");
  }

  @Test
  void tagsResolveToTheirAdvertisedObject() {
    assertThat(GitRef.tag("v1.1.0").resolve(ADVERTISED))
        .isEqualTo(new ResolvedRef("refs/tags/v1.1.0", TAG_OBJECT, null));
    assertThatThrownBy(() -> GitRef.tag("v9").resolve(ADVERTISED))
        .isInstanceOf(RefResolutionException.class);
  }

  @Test
  void semverPicksTheHighestMatchingTagIgnoringPreReleases() {
    ResolvedRef resolved = GitRef.semver(">=1.0.0 <2.0.0").resolve(ADVERTISED);

    assertThat(resolved.refName()).isEqualTo("refs/tags/1.2.0");
    assertThat(resolved.version()).isEqualTo("1.2.0");
    assertThat(GitRef.semver("~1.1").resolve(ADVERTISED).refName()).isEqualTo("refs/tags/v1.1.0");
    assertThat(GitRef.semver(">=1.3.0-rc.1 <2").resolve(ADVERTISED).refName())
        .isEqualTo("refs/tags/v1.3.0-rc.1");
    assertThat(GitRef.semver("1.0.0").resolve(ADVERTISED).refName()).isEqualTo("refs/tags/v1.0.0");
  }

  @Test
  void equalVersionsAreBrokenDeterministicallyByTagName() {
    List<Ref> reversed = new ArrayList<>(ADVERTISED);
    Collections.reverse(reversed);

    assertThat(GitRef.semver("1.2.x").resolve(reversed).refName())
        .isEqualTo(GitRef.semver("1.2.x").resolve(ADVERTISED).refName());
  }

  @Test
  void aCommitPrefersABranchThenATagThenAnyRef() {
    assertThat(GitRef.commit(C3).resolve(ADVERTISED).refName()).isEqualTo("refs/heads/main");
    assertThat(GitRef.commit(C1).resolve(ADVERTISED).refName()).isEqualTo("refs/tags/v1.0.0");
    assertThat(
            GitRef.commit("4444444444444444444444444444444444444444").resolve(ADVERTISED).refName())
        .isEqualTo("refs/pull/7/head");
    ResolvedRef unadvertised =
        GitRef.commit("5555555555555555555555555555555555555555").resolve(ADVERTISED);
    assertThat(unadvertised.advertised()).isFalse();
    assertThat(unadvertised.objectId()).isEqualTo("5555555555555555555555555555555555555555");
  }

  @Test
  void aCommitMatchesAnAnnotatedTagThroughItsPeeledId() {
    List<Ref> onlyTag = List.of(annotated("refs/tags/v1.1.0", TAG_OBJECT, C2));

    assertThat(GitRef.commit(C2).resolve(onlyTag).refName()).isEqualTo("refs/tags/v1.1.0");
  }

  @Test
  void invalidNamesAreRejected() {
    assertThatThrownBy(() -> GitRef.branch("a..b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GitRef.branch("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GitRef.tag("bad tag")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GitRef.commit("abc123")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GitRef.semver("latest")).isInstanceOf(IllegalArgumentException.class);
    assertThat(GitRef.commit(C1.toUpperCase().replace('1', 'A')).sha())
        .isEqualTo(C1.replace('1', 'a'));
  }

  private static Ref ref(String name, String id) {
    return new ObjectIdRef.PeeledNonTag(Ref.Storage.NETWORK, name, ObjectId.fromString(id));
  }

  private static Ref annotated(String name, String tagObject, String commit) {
    return new ObjectIdRef.PeeledTag(
        Ref.Storage.NETWORK, name, ObjectId.fromString(tagObject), ObjectId.fromString(commit));
  }
}
