package dev.orrery.app.ha;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.Lock;

/**
 * The leader Lease lock, telling the {@link WriteFence} when each of this replica's renewals (a
 * create or update naming it holder) started and succeeded.
 */
final class FenceRenewingLock implements Lock {
  private final Lock lock;
  private final WriteFence fence;

  FenceRenewingLock(Lock lock, WriteFence fence) {
    this.lock = lock;
    this.fence = fence;
  }

  @Override
  public LeaderElectionRecord get(KubernetesClient client) {
    return lock.get(client);
  }

  @Override
  public void create(KubernetesClient client, LeaderElectionRecord record) {
    long started = fence.now();
    lock.create(client, record);
    renewed(record, started);
  }

  @Override
  public void update(KubernetesClient client, LeaderElectionRecord record) {
    long started = fence.now();
    lock.update(client, record);
    renewed(record, started);
  }

  private void renewed(LeaderElectionRecord record, long started) {
    if (identity().equals(record.getHolderIdentity())) {
      fence.renewed(started);
    }
  }

  @Override
  public String identity() {
    return lock.identity();
  }

  @Override
  public String describe() {
    return lock.describe();
  }
}
