package com.missedcall.recovery.work;

/** A unit of leased work this process holds a claim on; its {@link Fence} guards every settle. */
public interface Claim {
  Fence fence();

  /**
   * How many times this work has been tried, this claim included: what retries and giving up count. The fence's
   * attempt by default; work whose fencing counter keeps growing across its life (a conversation's timer) counts
   * its tries apart.
   */
  default int tries() {
    return fence().attempt();
  }
}
