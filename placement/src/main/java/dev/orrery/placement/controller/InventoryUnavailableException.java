package dev.orrery.placement.controller;

/**
 * Placement's caches of the ITS inventory or the WDS policies cannot be trusted right now (not
 * synced, watch down).
 */
public final class InventoryUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InventoryUnavailableException(String message) {
    super(message);
  }
}
