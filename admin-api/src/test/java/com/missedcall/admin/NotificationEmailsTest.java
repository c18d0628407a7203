package com.missedcall.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.admin.support.AdminUnderTest;
import com.missedcall.admin.support.Api;
import com.missedcall.admin.support.Tenants;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** A workspace's notification email settings, its test notification and the emails' delivery status. */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotificationEmailsTest {
  private AdminUnderTest admin;
  private Tenants tenants;
  private Tenants.Agency agency;
  private Api api;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    admin = AdminUnderTest.start(db, redis);
    tenants = admin.tenants();
    agency = tenants.agency("Mail Agency");
    api = admin.as(agency.key());
  }

  @AfterAll
  void stop() {
    admin.close();
  }

  private Api.Answer add(long workspace, String address, String... types) {
    return api.post("/api/v1/workspaces/" + workspace + "/notification-emails",
        new JsonObject().put("address", address).put("types", new JsonArray(java.util.List.of((Object[]) types))));
  }

  @Test
  void anAddressGetsTheTypesItAskedFor() {
    long ws = tenants.workspace(agency, "Mail Plumbing");

    Api.Answer created = add(ws, "Owner@Ace.test", "urgent", "daily_summary");

    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.json().getString("address")).isEqualTo("owner@ace.test");
    JsonObject listed = api.get("/api/v1/workspaces/" + ws + "/notification-emails").data().getJsonObject(0);
    assertThat(listed.getJsonArray("types")).containsExactly("urgent", "daily_summary");
  }

  @Test
  void theSameAddressTwiceIsAConflict() {
    long ws = tenants.workspace(agency, "Twice Plumbing");
    add(ws, "twice@ace.test", "urgent");

    Api.Answer again = add(ws, "twice@ace.test", "new_lead");

    assertThat(again.status()).isEqualTo(409);
    assertThat(again.code()).isEqualTo("notification_email_exists");
  }

  @Test
  void anUnknownTypeOrAMalformedAddressIsRefusedByTheContract() {
    long ws = tenants.workspace(agency, "Typo Plumbing");

    assertThat(add(ws, "a@ace.test", "everything").code()).isEqualTo("invalid_request");
    assertThat(add(ws, "not-an-address", "urgent").code()).isEqualTo("invalid_request");
  }

  @Test
  void aTestNotificationQueuesOneEmailPerAddressWithAVisibleStatus() {
    long ws = tenants.workspace(agency, "Test Plumbing");
    add(ws, "one@ace.test", "urgent");
    add(ws, "two@ace.test", "daily_summary");

    Api.Answer test = api.post("/api/v1/workspaces/" + ws + "/notifications/test", null);

    assertThat(test.status()).as(test.toString()).isEqualTo(200);
    assertThat(test.json().getInteger("emails_queued")).isEqualTo(2);
    JsonArray emails = api.get("/api/v1/workspaces/" + ws + "/emails").data();
    assertThat(emails).hasSize(2);
    assertThat(emails.getJsonObject(0).getString("status")).isEqualTo("pending");
    assertThat(emails.getJsonObject(0).getString("subject")).isEqualTo("Test notification from Test Plumbing");
    assertThat(tenants.queryLong("SELECT count(*) FROM jobs WHERE workspace_id = ? AND kind = 'email'", ws)).isEqualTo(2);
  }

  @Test
  void aTestWithoutAnyDestinationSaysWhatToDo() {
    long ws = tenants.workspace(agency, "Empty Plumbing");

    Api.Answer test = api.post("/api/v1/workspaces/" + ws + "/notifications/test", null);

    assertThat(test.status()).isEqualTo(409);
    assertThat(test.code()).isEqualTo("no_notification_destinations");
  }

  @Test
  void aTestNotificationAlsoTextsEveryNotificationNumberOnceFromTheWorkspacesNumber() {
    long ws = tenants.workspace(agency, "Texting Plumbing");
    String from = "+15005550180";
    tenants.number(agency, ws, from);
    tenants.execute("INSERT INTO notification_numbers (workspace_id, phone, kind) VALUES "
        + "(" + ws + ", '+15005550181', 'team'), (" + ws + ", '+15005550181', 'alert'), "
        + "(" + ws + ", '+15005550182', 'on_call')");

    Api.Answer test = api.post("/api/v1/workspaces/" + ws + "/notifications/test", null);

    assertThat(test.status()).as(test.toString()).isEqualTo(200);
    assertThat(test.json().getInteger("emails_queued")).isZero();
    assertThat(test.json().getInteger("texts_queued")).isEqualTo(2);
    assertThat(tenants.queryString("SELECT string_agg(to_number || ' from ' || from_number || ': ' || body, ' | ' "
        + "ORDER BY to_number) FROM messages WHERE workspace_id = ? AND kind = 'notification_test'", ws))
        .isEqualTo("+15005550181 from " + from + ": Test notification from Texting Plumbing: alerts and summaries "
            + "will reach this number. | +15005550182 from " + from + ": Test notification from Texting Plumbing: "
            + "alerts and summaries will reach this number.");
  }

  @Test
  void failedEmailsCanBeListedOnTheirOwn() {
    long ws = tenants.workspace(agency, "Bounce Plumbing");
    tenants.execute("INSERT INTO email_messages (workspace_id, to_address, type, subject, text_body, html_body, status, "
        + "attempts, last_error) VALUES (" + ws + ", 'gone@ace.test', 'urgent', 's', 't', 'h', 'failed', 1, "
        + "'550 5.1.1 mailbox unavailable')");
    tenants.execute("INSERT INTO email_messages (workspace_id, to_address, type, subject, text_body, html_body, status) "
        + "VALUES (" + ws + ", 'ok@ace.test', 'urgent', 's', 't', 'h', 'sent')");

    JsonArray failed = api.get("/api/v1/workspaces/" + ws + "/emails?status=failed").data();

    assertThat(failed).hasSize(1);
    assertThat(failed.getJsonObject(0).getString("last_error")).contains("550");
  }

  @Test
  void aDeletedAddressGetsNothingMore() {
    long ws = tenants.workspace(agency, "Gone Plumbing");
    long id = add(ws, "gone@ace.test", "urgent").json().getLong("id");

    assertThat(api.delete("/api/v1/notification-emails/" + id).status()).isEqualTo(204);

    assertThat(api.get("/api/v1/workspaces/" + ws + "/notification-emails").data()).isEmpty();
    assertThat(api.post("/api/v1/workspaces/" + ws + "/notifications/test", null).code())
        .isEqualTo("no_notification_destinations");
  }
}
