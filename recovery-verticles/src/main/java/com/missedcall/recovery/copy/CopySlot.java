package com.missedcall.recovery.copy;

import com.missedcall.recovery.hours.OpenState;
import java.util.ArrayList;
import java.util.List;

/**
 * One of the six text-back templates a workspace may write: a moment (open hours, after hours, holiday) for a
 * caller kind. {@code open/first_time} is the workspace's own {@code textback_template}, always there.
 */
public record CopySlot(OpenState moment, CallerKind caller) {
  public static final CopySlot DEFAULT = new CopySlot(OpenState.OPEN, CallerKind.FIRST_TIME);

  /** "after_hours/returning". */
  public String key() {
    return moment.code() + "/" + caller.code();
  }

  public static CopySlot of(String moment, String caller) {
    for (OpenState state : OpenState.values()) {
      if (state.code().equals(moment)) {
        return new CopySlot(state, CallerKind.of(caller));
      }
    }
    throw new IllegalArgumentException("not a moment: " + moment);
  }

  /**
   * Where to look, best first, when this slot has no template of its own: the first-time copy of the same
   * moment; a holiday falls back to the after-hours copy; everything ends at the default.
   */
  public List<CopySlot> fallbacks() {
    List<CopySlot> order = new ArrayList<>();
    order.add(this);
    if (caller == CallerKind.RETURNING) {
      order.add(new CopySlot(moment, CallerKind.FIRST_TIME));
    }
    if (moment == OpenState.HOLIDAY) {
      order.add(new CopySlot(OpenState.AFTER_HOURS, caller));
      if (caller == CallerKind.RETURNING) {
        order.add(new CopySlot(OpenState.AFTER_HOURS, CallerKind.FIRST_TIME));
      }
    }
    if (caller == CallerKind.RETURNING && moment != OpenState.OPEN) {
      order.add(new CopySlot(OpenState.OPEN, CallerKind.RETURNING));
    }
    if (!order.contains(DEFAULT)) {
      order.add(DEFAULT);
    }
    return order;
  }
}
