package com.missedcall.recovery.workspace;

import com.missedcall.recovery.copy.TextBackCopy;
import java.time.ZoneId;

/**
 * A tracked number together with what the hot path needs to know of its workspace: a snapshot,
 * cached by {@link NumberDirectory}. Postgres re-reads the workspace inside the decision, so a
 * slightly stale snapshot never changes an outcome, only the fast path's hints. {@code copy}: the text-back
 * templates per moment and caller with the business hours and values they draw on (a stale snapshot may
 * choose the copy of a template changed a few seconds ago).
 */
public record TrackedLine(long numberId, long workspaceId, long agencyId, String accountSid, String phoneNumber,
                          RoutingMode routingMode, String businessPhone, int ringTimeoutSeconds, boolean active,
                          String businessName, boolean workspaceActive, ZoneId timezone,
                          int duplicateWindowSeconds, int dailySmsCap, int monthlyLeadCap,
                          String textbackTemplate, String optOutFooter, TextBackCopy copy) {
}
