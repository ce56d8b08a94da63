package dev.orrery.app.gitsource;

/**
 * Which GitSources this replica reconciles (and reports to Git): its share of them when several
 * replicas run, all of them when one does.
 */
public interface SourceOwnership {
  /** Whether this replica owns GitSource {@code namespace/name} now. */
  boolean owns(String key);

  /** Calls {@code listener} whenever what this replica owns may have changed. */
  void onChange(Runnable listener);

  /** This replica owns every GitSource. */
  static SourceOwnership everything() {
    return new SourceOwnership() {
      @Override
      public boolean owns(String key) {
        return true;
      }

      @Override
      public void onChange(Runnable listener) {}
    };
  }
}
