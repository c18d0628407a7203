package com.missedcall.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.admin.support.AdminUnderTest;
import com.missedcall.admin.support.Api;
import com.missedcall.admin.support.Tenants;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealServersExtension.class)
class SmokeTest {
  @Test
  void smoke(TestDatabase db, TestRedis redis) {
    try (AdminUnderTest admin = AdminUnderTest.start(db, redis)) {
      Tenants.Agency a = admin.tenants().agency("A");
      long ws = admin.tenants().workspace(a, "Joe");
      admin.tenants().number(a, ws, Tenants.phone());
      Api api = admin.as(a.key());
      System.out.println(admin.anonymous().get("/api/v1/openapi.json").status());
      System.out.println(admin.anonymous().get("/api/v1/me"));
      System.out.println(api.get("/api/v1/me"));
      System.out.println(api.get("/api/v1/workspaces"));
      System.out.println(api.get("/api/v1/workspaces/abc"));
      System.out.println(api.get("/api/v1/workspaces/" + ws));
      System.out.println(api.patch("/api/v1/workspaces/" + ws, new JsonObject().put("name", "Joe 2").put("agency_id", 5)));
      System.out.println(api.patch("/api/v1/workspaces/" + ws, new JsonObject().put("name", "Joe 2")));
      System.out.println(api.post("/api/v1/workspaces", new JsonObject().put("name", "New").put("business_hours",
          new JsonObject().put("mon", new io.vertx.core.json.JsonArray().add(new JsonObject().put("open", "09:00").put("close", "17:00"))))));
      System.out.println(api.post("/api/v1/workspaces", new JsonObject().put("name", "New").put("plan_code", "pro")));
      System.out.println(api.get("/api/v1/numbers"));
      System.out.println(api.get("/api/v1/nothing"));
      System.out.println(api.get("/api/v1/leads?stage=bogus"));
      System.out.println(api.get("/api/v1/leads?q=%2B15551234567"));
      System.out.println(api.get("/api/v1/leads?q=-12"));
      System.out.println(api.get("/api/v1/demo/phones/%2B15551234567"));
      assertThat(true).isTrue();
    }
  }
}
