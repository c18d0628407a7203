package com.missedcall.recovery.work;

/** A unit of leased work this process holds a claim on; its {@link Fence} guards every settle. */
public interface Claim {
  Fence fence();
}
