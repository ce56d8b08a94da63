package dev.orrery.renderer;

/**
 * Counters of one render that show how much work the {@link Renderer}'s caches saved: manifest
 * files parsed versus taken from the parse cache, and Helm charts rendered (attempts, including
 * failed ones) versus taken from the chart cache.
 */
public record RenderStats(
    int filesParsed, int filesFromCache, int chartsRendered, int chartsFromCache) {

  /** No work at all. */
  public static final RenderStats NONE = new RenderStats(0, 0, 0, 0);
}
