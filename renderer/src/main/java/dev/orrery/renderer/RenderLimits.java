package dev.orrery.renderer;

import java.time.Duration;
import java.util.Objects;

/**
 * The bounds one render stays within, so that hostile or broken content costs bounded time and
 * memory and is rejected with an error naming the path (and line, where there is one) instead of
 * exhausting the process. Every bound that is crossed becomes a {@link RenderError}; none throws.
 *
 * @param maxFiles files the tree may list (default 250,000)
 * @param maxFileBytes size of one manifest, values or chart file (default 16 MiB)
 * @param maxTotalBytes bytes read for one render, summed over every file read (default 256 MiB)
 * @param maxDocumentsPerFile YAML documents in one file or one Helm template output (default
 *     10,000)
 * @param maxNestingDepth nesting of mappings and sequences, also after aliases are expanded
 *     (default 200)
 * @param maxNodesPerFile scalars, mappings and sequences of one file after aliases are expanded
 *     (default 4,000,000), the bound that stops alias bombs
 * @param maxAliasesForCollections aliases to mappings or sequences in one document (default 50,
 *     snakeyaml-engine's own)
 * @param helmTimeout how long one chart's Helm run (dependency fetch included) may take (default 60
 *     s)
 * @param maxHelmOutputBytes how much one chart's Helm run may print (default 64 MiB)
 */
public record RenderLimits(
    int maxFiles,
    long maxFileBytes,
    long maxTotalBytes,
    int maxDocumentsPerFile,
    int maxNestingDepth,
    long maxNodesPerFile,
    int maxAliasesForCollections,
    Duration helmTimeout,
    long maxHelmOutputBytes) {

  /** The defaults documented on each parameter. */
  public static final RenderLimits DEFAULTS =
      new RenderLimits(
          250_000,
          16L << 20,
          256L << 20,
          10_000,
          200,
          4_000_000,
          50,
          Duration.ofSeconds(60),
          64L << 20);

  /** Rejects non-positive bounds. */
  public RenderLimits {
    Objects.requireNonNull(helmTimeout, "helmTimeout");
    if (maxFiles <= 0
        || maxFileBytes <= 0
        || maxTotalBytes <= 0
        || maxDocumentsPerFile <= 0
        || maxNestingDepth <= 0
        || maxNodesPerFile <= 0
        || maxAliasesForCollections <= 0
        || helmTimeout.isNegative()
        || helmTimeout.isZero()
        || maxHelmOutputBytes <= 0) {
      throw new IllegalArgumentException(
          "every render limit must be positive: " + RenderLimits.this);
    }
  }

  /** A copy with {@link #maxFileBytes} set. */
  public RenderLimits withMaxFileBytes(long bytes) {
    return new RenderLimits(
        maxFiles,
        bytes,
        maxTotalBytes,
        maxDocumentsPerFile,
        maxNestingDepth,
        maxNodesPerFile,
        maxAliasesForCollections,
        helmTimeout,
        maxHelmOutputBytes);
  }

  /** A copy with {@link #maxTotalBytes} set. */
  public RenderLimits withMaxTotalBytes(long bytes) {
    return new RenderLimits(
        maxFiles,
        maxFileBytes,
        bytes,
        maxDocumentsPerFile,
        maxNestingDepth,
        maxNodesPerFile,
        maxAliasesForCollections,
        helmTimeout,
        maxHelmOutputBytes);
  }

  /** A copy with {@link #maxFiles} set. */
  public RenderLimits withMaxFiles(int files) {
    return new RenderLimits(
        files,
        maxFileBytes,
        maxTotalBytes,
        maxDocumentsPerFile,
        maxNestingDepth,
        maxNodesPerFile,
        maxAliasesForCollections,
        helmTimeout,
        maxHelmOutputBytes);
  }

  /** A copy with {@link #maxNodesPerFile} set. */
  public RenderLimits withMaxNodesPerFile(long nodes) {
    return new RenderLimits(
        maxFiles,
        maxFileBytes,
        maxTotalBytes,
        maxDocumentsPerFile,
        maxNestingDepth,
        nodes,
        maxAliasesForCollections,
        helmTimeout,
        maxHelmOutputBytes);
  }

  /** A copy with the Helm bounds set. */
  public RenderLimits withHelm(Duration timeout, long maxOutputBytes) {
    return new RenderLimits(
        maxFiles,
        maxFileBytes,
        maxTotalBytes,
        maxDocumentsPerFile,
        maxNestingDepth,
        maxNodesPerFile,
        maxAliasesForCollections,
        timeout,
        maxOutputBytes);
  }

  /** The code-point bound handed to the YAML reader: no text it reads may be longer than this. */
  int codePointLimit() {
    return (int) Math.min(Integer.MAX_VALUE - 1, Math.max(maxFileBytes, maxHelmOutputBytes));
  }
}
