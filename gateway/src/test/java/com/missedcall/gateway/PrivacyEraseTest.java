package com.missedcall.gateway;

import static com.missedcall.gateway.support.ConversationFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.missedcall.admin.auth.ApiKeys;
import com.missedcall.gateway.support.ConversationFixture;
import com.missedcall.gateway.support.GatewayUnderTest;
import com.missedcall.gateway.support.TestTenant;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import com.missedcall.twiliosim.TwilioPayloads;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Erasing a caller through the admin API, on the real gateway: a caller who called, texted their need and address,
 * went through voice recovery and the intake page, then replied STOP, leaves nothing of theirs in any table, another
 * caller keeps everything, and the erased number is still never texted when it calls again.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrivacyEraseTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private TestDatabase db;
  private GatewayUnderTest gw;
  private ConversationFixture c;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    this.db = db;
    gw = GatewayUnderTest.start(db, redis, Map.of());
    c = new ConversationFixture(gw, db);
  }

  @AfterAll
  void stop() {
    gw.close();
  }

  private record Tenant(TestTenant.Created t, String key) {}

  private Tenant tenant() {
    TestTenant.Created t = gw.register(TestTenant.in(db).named("Privacy Plumbing").create());
    ApiKeys.NewKey k = ApiKeys.generate();
    db.queryLong("INSERT INTO api_keys (agency_id, name, display_prefix, key_hash) VALUES (?, ?, ?, ?) RETURNING id",
        t.agencyId(), "privacy test", k.displayPrefix(), k.hash());
    return new Tenant(t, k.key());
  }

  /** A caller with everything the product keeps about one: calls, texts both ways, voice, intake answers. */
  private void fullHistory(TestTenant.Created t, String caller, String address) {
    c.missedCall(t, caller);
    c.textAndAwaitReply(t, caller, "Burst pipe at " + address + ", please come today");
    long lead = db.queryLong("SELECT id FROM leads WHERE workspace_id = ? AND caller = ?", t.workspaceId(), caller);
    long conversation = c.conversation(t, caller);
    db.execute("UPDATE leads SET address = '" + address + "', first_name = 'Robin' WHERE id = " + lead);
    long voice = db.queryLong("INSERT INTO voice_calls (workspace_id, account_sid, call_sid, caller, called, lead_id,"
        + " conversation_id, need, address, transcript, recording_url, recording_sid) VALUES (?, ?, ?, ?, ?, ?, ?,"
        + " 'burst pipe', ?, ?, 'https://api.twilio.com/rec/RE1', 'RE' || md5(random()::text)) RETURNING id",
        t.workspaceId(), t.accountSid(), TwilioPayloads.newCallSid(), caller, t.number(), lead, conversation, address,
        "Caller: my pipe burst at " + address);
    db.execute("INSERT INTO voice_turns (voice_call_id, turn, workspace_id, caller_words, assistant_words, source,"
        + " latency_ms, twiml) VALUES (" + voice + ", 1, " + t.workspaceId() + ", 'it is at " + address + "', 'Thanks',"
        + " 'script', 5, '<Response/>')");
    db.execute("INSERT INTO voice_alert_calls (workspace_id, voice_call_id, account_sid, from_number, to_number, words,"
        + " status) VALUES (" + t.workspaceId() + ", " + voice + ", '" + t.accountSid() + "', '" + t.number() + "', '"
        + TestTenant.randomNumber() + "', 'The caller needs: burst pipe. The address is " + address + "', 'placed')");
    long link = db.queryLong("INSERT INTO intake_links (token_sha256, workspace_id, lead_id, conversation_id, expires_at)"
        + " VALUES (sha256(random()::text::bytea), ?, ?, ?, now() + interval '1 day') RETURNING id",
        t.workspaceId(), lead, conversation);
    db.execute("INSERT INTO intake_submissions (link_id, workspace_id, nonce, fields) VALUES (" + link + ", "
        + t.workspaceId() + ", md5(random()::text), '{\"address\": \"" + address + "\"}')");
    db.execute("INSERT INTO callback_requests (workspace_id, lead_id, conversation_id, source, said, window_from, window_to)"
        + " VALUES (" + t.workspaceId() + ", " + lead + ", " + conversation + ", 'intake_page', 'tomorrow at " + address
        + "', now(), now() + interval '4 hours')");
  }

  private void optOut(TestTenant.Created t, String caller) {
    assertThat(c.text(t, caller, "STOP").statusCode()).isEqualTo(200);
    c.awaitSettled(t);
  }

  private JsonObject erase(Tenant tenant, String caller) {
    HttpResponse<String> answer = send("POST", "/api/v1/workspaces/" + tenant.t().workspaceId() + "/privacy/erase",
        tenant.key(), new JsonObject().put("phone", caller));
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return new JsonObject(answer.body());
  }

  @Test
  void anErasedCallerLeavesTheirNumberAndTheirWordsInNoTable() {
    Tenant tenant = tenant();
    String caller = TestTenant.randomNumber();
    fullHistory(tenant.t(), caller, "12 Elm Street");
    optOut(tenant.t(), caller);
    assertThat(columnsHolding(digits(caller))).isNotEmpty();

    JsonObject erased = erase(tenant, caller).getJsonObject("erased");

    assertThat(columnsHolding(digits(caller))).isEmpty();
    assertThat(columnsHolding("12 Elm Street")).isEmpty();
    assertThat(erased.getLong("leads")).isEqualTo(1);
    assertThat(erased.getLong("conversations")).isEqualTo(1);
    assertThat(erased.getLong("voice_transcripts")).isEqualTo(1);
    assertThat(erased.getLong("recording_references")).isEqualTo(1);
    assertThat(erased.getLong("voice_alert_calls")).isEqualTo(1);
    assertThat(erased.getLong("intake_submissions")).isEqualTo(1);
    assertThat(erased.getLong("opt_outs_kept_as_hash")).isEqualTo(1);
    assertThat(erased.getLong("messages")).isGreaterThanOrEqualTo(4);
    assertThat(erased.getLong("calls")).isEqualTo(1);
  }

  @Test
  void erasingOneCallerLeavesAnotherCallersLeadConversationAndTextsAsTheyWere() {
    Tenant tenant = tenant();
    String erased = TestTenant.randomNumber();
    String kept = TestTenant.randomNumber();
    fullHistory(tenant.t(), erased, "12 Elm Street");
    fullHistory(tenant.t(), kept, "5 Oak Road");
    c.awaitSettled(tenant.t());
    String before = history(tenant.t(), kept);

    erase(tenant, erased);

    assertThat(history(tenant.t(), kept)).isEqualTo(before);
    assertThat(columnsHolding("5 Oak Road")).contains("leads.address", "messages.body", "voice_calls.transcript",
        "intake_submissions.fields");
  }

  @Test
  void anErasedCallerWhoHadRepliedStopIsStillNotTextedWhenTheyCallAgain() {
    Tenant tenant = tenant();
    String caller = TestTenant.randomNumber();
    fullHistory(tenant.t(), caller, "12 Elm Street");
    optOut(tenant.t(), caller);
    int texts = c.textsTo(caller).size();
    erase(tenant, caller);

    String later = TwilioPayloads.newCallSid();
    assertThat(gw.forwardedCallEnded(tenant.t(), later, caller).await().statusCode()).isEqualTo(204);

    assertThat(db.queryString("SELECT reason FROM calls WHERE call_sid = ?", later)).isEqualTo("caller_opted_out");
    c.awaitSettled(tenant.t());
    assertThat(c.textsTo(caller)).hasSize(texts);
  }

  @Test
  void anErasedCallerWhoHadNotOptedOutIsTextedBackAsANewCallerWhenTheyCallAgain() {
    Tenant tenant = tenant();
    String caller = TestTenant.randomNumber();
    fullHistory(tenant.t(), caller, "12 Elm Street");
    int texts = c.textsTo(caller).size();
    erase(tenant, caller);

    gw.forwardedCallEnded(tenant.t(), TwilioPayloads.newCallSid(), caller).await();

    await().atMost(WAIT).until(() -> c.textsTo(caller).size() == texts + 1);
    assertThat(db.queryLong("SELECT call_count FROM leads WHERE workspace_id = ? AND caller = ?",
        tenant.t().workspaceId(), caller)).isEqualTo(1);
  }

  @Test
  void theErasureIsAuditedWithTheNumbersHashAndTheCountsButNotTheNumber() {
    Tenant tenant = tenant();
    String caller = TestTenant.randomNumber();
    c.missedCall(tenant.t(), caller);

    JsonObject answer = erase(tenant, caller);

    String entry = db.queryString("SELECT changes::text FROM audit_log WHERE agency_id = ? AND action = 'caller.erased'",
        tenant.t().agencyId());
    assertThat(new JsonObject(entry).getString("number_hash")).isEqualTo(answer.getString("number_hash"))
        .matches("[0-9a-f]{64}");
    assertThat(new JsonObject(entry).getJsonObject("erased").getLong("leads")).isEqualTo(1);
    assertThat(entry).doesNotContain(digits(caller));
  }

  @Test
  void anErasedCallersFastPathKeysAreGoneFromRedis() {
    Tenant tenant = tenant();
    String caller = TestTenant.randomNumber();
    c.missedCall(tenant.t(), caller);
    assertThat(redisKeysHolding(caller)).isNotEmpty();

    erase(tenant, caller);

    assertThat(redisKeysHolding(caller)).isEmpty();
  }

  private List<String> redisKeysHolding(String number) {
    io.vertx.redis.client.Redis client = io.vertx.redis.client.Redis.createClient(gw.clientVertx(),
        new io.vertx.redis.client.RedisOptions().setConnectionString(gw.gateway().config().redisUrl()));
    try {
      List<String> names = new ArrayList<>();
      io.vertx.redis.client.RedisAPI.api(client).keys(gw.gateway().config().redisKeyPrefix() + "*" + number + "*")
          .await().forEach(k -> names.add(k.toString()));
      return names;
    } finally {
      client.close();
    }
  }

  /** The caller's leads, conversations, texts, voice calls and intake answers, as one comparable string. */
  private String history(TestTenant.Created t, String caller) {
    long ws = t.workspaceId();
    return String.join("\n",
        db.queryString("SELECT row_to_json(l)::text FROM leads l WHERE workspace_id = ? AND caller = ?", ws, caller),
        db.queryString("SELECT json_agg(json_build_object('id', id, 'status', status) ORDER BY id)::text"
            + " FROM conversations WHERE workspace_id = ? AND caller = ?", ws, caller),
        db.queryString("SELECT json_agg(json_build_object('id', id, 'body', body, 'to', to_number, 'from', from_number,"
            + " 'lead', lead_id) ORDER BY id)::text FROM messages WHERE workspace_id = ? AND ? IN (from_number, to_number)",
            ws, caller),
        db.queryString("SELECT json_agg(json_build_object('caller', caller, 'lead', lead_id, 'reason', reason)"
            + " ORDER BY id)::text FROM calls WHERE workspace_id = ? AND caller = ?", ws, caller),
        db.queryString("SELECT json_agg(json_build_object('t', v.transcript, 'r', v.recording_url, 'turns',"
            + " (SELECT count(*) FROM voice_turns WHERE voice_call_id = v.id)) ORDER BY v.id)::text"
            + " FROM voice_calls v WHERE workspace_id = ? AND caller = ?", ws, caller),
        db.queryString("SELECT json_agg(s.fields ORDER BY s.id)::text FROM intake_submissions s"
            + " JOIN intake_links i ON i.id = s.link_id JOIN leads l ON l.id = i.lead_id"
            + " WHERE l.workspace_id = ? AND l.caller = ?", ws, caller));
  }

  /** The national digits, so a number stored with or without its '+1' is found. */
  private static String digits(String e164) {
    return e164.substring(e164.length() - 10);
  }

  /** Every table.column of the database (text, JSON, arrays) with a value containing {@code needle}. */
  private List<String> columnsHolding(String needle) {
    List<String> found = new ArrayList<>();
    try (Connection conn = db.connect()) {
      List<String[]> columns = new ArrayList<>();
      try (ResultSet rs = conn.createStatement().executeQuery("SELECT table_name, column_name FROM information_schema.columns"
          + " WHERE table_schema = 'public' AND table_name <> 'flyway_schema_history'"
          + " AND data_type IN ('text', 'character varying', 'jsonb', 'json', 'ARRAY')"
          + " AND table_name IN (SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE')")) {
        while (rs.next()) {
          columns.add(new String[] {rs.getString(1), rs.getString(2)});
        }
      }
      for (String[] col : columns) {
        try (var ps = conn.prepareStatement("SELECT EXISTS (SELECT 1 FROM \"" + col[0] + "\" WHERE strpos(\"" + col[1]
            + "\"::text, ?) > 0)")) {
          ps.setString(1, needle);
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            if (rs.getBoolean(1)) {
              found.add(col[0] + "." + col[1]);
            }
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return found;
  }

  private HttpResponse<String> send(String method, String path, String apiKey, JsonObject body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gw.url(path))).timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.encode()))
        .header("Authorization", "Bearer " + apiKey);
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
