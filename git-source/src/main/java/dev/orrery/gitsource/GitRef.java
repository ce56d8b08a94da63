package dev.orrery.gitsource;

import dev.orrery.gitsource.semver.SemanticVersion;
import dev.orrery.gitsource.semver.SemverRange;
import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;

/**
 * The revision of a repository to follow: a branch, a tag, the highest tag in a semver range, or a
 * commit.
 */
public sealed interface GitRef permits GitRef.Branch, GitRef.Tag, GitRef.Semver, GitRef.Commit {

  /** A branch, by short name ({@code main}) or full name ({@code refs/heads/main}). */
  static Branch branch(String name) {
    return new Branch(name);
  }

  /** A tag, by short name ({@code v1.2.3}) or full name ({@code refs/tags/v1.2.3}). */
  static Tag tag(String name) {
    return new Tag(name);
  }

  /**
   * The highest tag whose version lies in a range such as {@code >=1.2.0 <2.0.0} or {@code ^1.2}.
   */
  static Semver semver(String range) {
    return new Semver(range);
  }

  /** A commit by its full hexadecimal id. */
  static Commit commit(String sha) {
    return new Commit(sha);
  }

  /**
   * Finds this revision among the refs a remote advertises.
   *
   * @throws RefResolutionException if the branch, tag or a matching tag does not exist
   */
  ResolvedRef resolve(Collection<Ref> advertised);

  /** A branch head. */
  record Branch(String name) implements GitRef {
    /** Normalizes to the short name and validates it. */
    public Branch {
      name = shortName(name, Constants.R_HEADS, "branch");
    }

    /** The full ref name. */
    public String refName() {
      return Constants.R_HEADS + name;
    }

    @Override
    public ResolvedRef resolve(Collection<Ref> advertised) {
      return find(advertised, refName())
          .map(r -> new ResolvedRef(refName(), r.getObjectId().name(), null))
          .orElseThrow(() -> new RefResolutionException("branch '" + name + "' does not exist"));
    }
  }

  /** A tag, lightweight or annotated. */
  record Tag(String name) implements GitRef {
    /** Normalizes to the short name and validates it. */
    public Tag {
      name = shortName(name, Constants.R_TAGS, "tag");
    }

    /** The full ref name. */
    public String refName() {
      return Constants.R_TAGS + name;
    }

    @Override
    public ResolvedRef resolve(Collection<Ref> advertised) {
      return find(advertised, refName())
          .map(r -> new ResolvedRef(refName(), r.getObjectId().name(), null))
          .orElseThrow(() -> new RefResolutionException("tag '" + name + "' does not exist"));
    }
  }

  /**
   * The tag with the highest semantic version (leading {@code v} allowed) in a range; pre-releases
   * only when the range names one.
   */
  record Semver(String range) implements GitRef {
    /** Validates the range. */
    public Semver {
      Objects.requireNonNull(range, "range");
      SemverRange.parse(range);
      range = range.trim();
    }

    /** The parsed range. */
    public SemverRange parsedRange() {
      return SemverRange.parse(range);
    }

    @Override
    public ResolvedRef resolve(Collection<Ref> advertised) {
      SemverRange parsed = parsedRange();
      record Candidate(Ref ref, SemanticVersion version) {}
      return advertised.stream()
          .filter(r -> r.getName().startsWith(Constants.R_TAGS) && !r.getName().endsWith("^{}"))
          .flatMap(
              r ->
                  SemanticVersion.parseTag(r.getName().substring(Constants.R_TAGS.length()))
                      .filter(parsed::satisfiedBy)
                      .map(v -> new Candidate(r, v))
                      .stream())
          .max(
              Comparator.comparing(Candidate::version)
                  .thenComparing(c -> c.ref().getName(), Comparator.reverseOrder()))
          .map(
              c ->
                  new ResolvedRef(
                      c.ref().getName(), c.ref().getObjectId().name(), c.version().toString()))
          .orElseThrow(
              () -> new RefResolutionException("no tag matches semver range '" + range + "'"));
    }
  }

  /**
   * A commit. It resolves to an advertised ref pointing at it when there is one (branches first,
   * then tags, then other refs), so it can be fetched shallowly by name.
   */
  record Commit(String sha) implements GitRef {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{40}");

    /**
     * Validates a full 40-digit hexadecimal (SHA-1) commit id and lower-cases it; JGit reads only
     * SHA-1 repositories.
     */
    public Commit {
      Objects.requireNonNull(sha, "sha");
      sha = sha.trim().toLowerCase(Locale.ROOT);
      if (!HEX.matcher(sha).matches()) {
        throw new IllegalArgumentException(
            "commit must be a full 40-digit hexadecimal id: '" + sha + "'");
      }
    }

    @Override
    public ResolvedRef resolve(Collection<Ref> advertised) {
      ObjectId id = ObjectId.fromString(sha);
      return advertised.stream()
          .filter(r -> !r.getName().endsWith("^{}") && id.equals(peeled(r)))
          .min(
              Comparator.comparingInt((Ref r) -> preference(r.getName()))
                  .thenComparing(Ref::getName))
          .map(r -> new ResolvedRef(r.getName(), r.getObjectId().name(), null))
          .orElse(new ResolvedRef(null, sha, null));
    }

    private static int preference(String refName) {
      if (refName.startsWith(Constants.R_HEADS)) {
        return 0;
      }
      return refName.startsWith(Constants.R_TAGS) ? 1 : 2;
    }
  }

  private static ObjectId peeled(Ref ref) {
    return ref.getPeeledObjectId() != null ? ref.getPeeledObjectId() : ref.getObjectId();
  }

  private static Optional<Ref> find(Collection<Ref> advertised, String refName) {
    return advertised.stream().filter(r -> r.getName().equals(refName)).findFirst();
  }

  private static String shortName(String name, String prefix, String kind) {
    Objects.requireNonNull(name, kind);
    String trimmed = name.trim();
    String shortName = trimmed.startsWith(prefix) ? trimmed.substring(prefix.length()) : trimmed;
    if (shortName.isEmpty() || !Repository.isValidRefName(prefix + shortName)) {
      throw new IllegalArgumentException("invalid " + kind + " name '" + name + "'");
    }
    return shortName;
  }
}
