package com.missedcall.admin.leads;

import com.missedcall.admin.auth.Caller;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** The conversation shown on a lead's page: the open one, else the latest, else null. */
public interface LeadConversation {
  Future<JsonObject> of(Caller caller, long workspaceId, long leadId);
}
