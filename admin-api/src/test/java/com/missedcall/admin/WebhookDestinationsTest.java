package com.missedcall.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.missedcall.admin.support.AdminUnderTest;
import com.missedcall.admin.support.Api;
import com.missedcall.admin.support.Tenants;
import com.missedcall.admin.webhooks.destination.HostResolver;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import com.missedcall.testing.WebhookReceiver;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Outbound webhooks never reach the gateway's own network (SSRF), with no allow-list configured: the
 * forbidden forms are refused at registration and change with 400 and nothing stored, and a name whose
 * addresses change after registration is refused at send, once, without retry. Names under
 * {@code .customer.test} resolve through a resolver the test controls; the rest go to the system's.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookDestinationsTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String PUBLIC_ADDRESS = "93.184.215.14";
  private final Map<String, List<InetAddress>> dns = new ConcurrentHashMap<>();
  private AdminUnderTest admin;
  private Tenants tenants;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    admin = AdminUnderTest.start(db, redis, s -> s, name -> name.endsWith(".customer.test")
        ? Future.succeededFuture(dns.getOrDefault(name, List.of()))
        : HostResolver.system(admin.vertx()).resolve(name));
    tenants = admin.tenants();
  }

  @AfterAll
  void stop() {
    admin.close();
  }

  private record Setup(Tenants.Agency agency, Api api, long workspace, String number) {}

  private Setup setup() {
    Tenants.Agency agency = tenants.agency("Guarded " + System.nanoTime());
    long ws = tenants.workspace(agency, "Guarded Plumbing");
    String number = Tenants.phone();
    tenants.number(agency, ws, number);
    return new Setup(agency, admin.as(agency.key()), ws, number);
  }

  private static JsonObject endpoint(String url) {
    return new JsonObject().put("url", url).put("events", new JsonArray().add("lead.created"));
  }

  private long endpoints(Setup s) {
    return tenants.queryLong("SELECT count(*) FROM webhook_endpoints WHERE agency_id = ?", s.agency().id());
  }

  private static List<InetAddress> addresses(String... literals) {
    return java.util.Arrays.stream(literals).map(l -> {
      try {
        return InetAddress.getByName(l);
      } catch (UnknownHostException e) {
        throw new IllegalStateException(e);
      }
    }).toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "http://127.0.0.1:8080/hooks",
      "http://169.254.169.254/latest/meta-data/",
      "http://[::1]:8080/hooks",
      "http://0x7f000001:8080/hooks",
      "http://2130706433/",
      "http://0177.0.0.1/",
      "http://127.1/",
      "http://10.0.0.5/hooks",
      "http://172.16.3.4/hooks",
      "http://192.168.1.1/hooks",
      "http://100.64.0.1/hooks",
      "http://0.0.0.0:8080/",
      "http://[::]/",
      "http://255.255.255.255/",
      "http://224.0.0.251/",
      "http://[fe80::1]/",
      "http://[fd00:ec2::254]/",
      "http://[::ffff:127.0.0.1]/",
      "http://[::ffff:a9fe:a9fe]/",
      "http://[64:ff9b::a00:1]/",
      "http://[2002:7f00:1::1]/",
      "http://localhost:8080/hooks",
      "http://api.localhost/hooks"})
  void aForbiddenDestinationIsRefusedAtRegistrationAndNothingIsStored(String url) {
    Setup s = setup();

    Api.Answer answer = s.api().post("/api/v1/webhooks", endpoint(url));

    assertThat(answer.status()).as(url).isEqualTo(400);
    assertThat(answer.code()).isEqualTo("webhook_url_forbidden");
    assertThat(answer.json().getString("message")).contains("public addresses only").doesNotContain(url);
    assertThat(endpoints(s)).isZero();
  }

  @Test
  void aHostNameResolvingToAPrivateAddressIsRefusedWithoutShowingTheAddress() {
    Setup s = setup();
    dns.put("crm-internal.customer.test", addresses("10.20.30.40"));

    Api.Answer answer = s.api().post("/api/v1/webhooks", endpoint("https://crm-internal.customer.test/hooks"));

    assertThat(answer.code()).isEqualTo("webhook_url_forbidden");
    assertThat(answer.json().getString("message")).contains("resolves to a private network address")
        .doesNotContain("10.20.30.40");
    assertThat(endpoints(s)).isZero();
  }

  @Test
  void aHostNameIsRefusedWhenOnlyOneOfItsAddressesIsForbidden() {
    Setup s = setup();
    dns.put("split.customer.test", addresses(PUBLIC_ADDRESS, "::1"));

    Api.Answer answer = s.api().post("/api/v1/webhooks", endpoint("https://split.customer.test/hooks"));

    assertThat(answer.code()).isEqualTo("webhook_url_forbidden");
    assertThat(endpoints(s)).isZero();
  }

  @Test
  void aUrlChangedToAForbiddenDestinationIsRefusedAndTheEndpointKeepsItsUrl() {
    Setup s = setup();
    dns.put("crm.customer.test", addresses(PUBLIC_ADDRESS));
    long hook = s.api().post("/api/v1/webhooks", endpoint("https://crm.customer.test/hooks")).json().getLong("id");

    Api.Answer answer = s.api().patch("/api/v1/webhooks/" + hook,
        new JsonObject().put("url", "http://169.254.169.254/latest/meta-data/").put("description", "metadata"));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.code()).isEqualTo("webhook_url_forbidden");
    JsonObject unchanged = s.api().get("/api/v1/webhooks/" + hook).json();
    assertThat(unchanged.getString("url")).isEqualTo("https://crm.customer.test/hooks");
    assertThat(unchanged.getString("description")).isNull();
    assertThat(s.api().get("/api/v1/audit-log?target_type=webhook&target_id=" + hook).data()).hasSize(1);
  }

  @Test
  void aUrlWithAUserNameAndPasswordIsRefusedAndNothingIsStored() {
    Setup s = setup();
    dns.put("crm.customer.test", addresses(PUBLIC_ADDRESS));

    Api.Answer answer = s.api().post("/api/v1/webhooks", endpoint("https://admin:hunter2@crm.customer.test/hooks"));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.code()).isEqualTo("webhook_url_userinfo");
    assertThat(answer.text()).doesNotContain("hunter2");
    assertThat(endpoints(s)).isZero();
    assertThat(tenants.queryLong("SELECT count(*) FROM audit_log WHERE agency_id = ? AND changes::text LIKE '%hunter2%'",
        s.agency().id())).isZero();
  }

  @Test
  void aUrlWhoseHostIsNoValidNameIsRefusedAsInvalid() {
    Setup s = setup();

    Api.Answer answer = s.api().post("/api/v1/webhooks", endpoint("https://crm_internal.customer.test/hooks"));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.code()).isEqualTo("webhook_url_invalid");
    assertThat(endpoints(s)).isZero();
  }

  @Test
  void anAuditEntryOfAnOldUrlWithAPasswordNeverHoldsThePassword() {
    Setup s = setup();
    dns.put("crm.customer.test", addresses(PUBLIC_ADDRESS));
    long hook = s.api().post("/api/v1/webhooks", endpoint("https://crm.customer.test/hooks")).json().getLong("id");
    // an endpoint registered before URLs with a user name and password were refused
    tenants.execute("UPDATE webhook_endpoints SET url = 'https://admin:hunter2@old.customer.test/hooks' WHERE id = " + hook);

    s.api().patch("/api/v1/webhooks/" + hook, new JsonObject().put("url", "https://crm.customer.test/v2"));

    JsonObject entry = s.api().get("/api/v1/audit-log?target_type=webhook&target_id=" + hook).data().getJsonObject(0);
    assertThat(entry.getJsonObject("changes").getJsonObject("url").getString("from"))
        .isEqualTo("https://***@old.customer.test/hooks");
    assertThat(tenants.queryLong("SELECT count(*) FROM audit_log WHERE changes::text LIKE '%hunter2%'")).isZero();
  }

  @Test
  void anEndpointWhoseNameNowResolvesToLoopbackIsRefusedAtSendOnceWithoutRetry() {
    Setup s = setup();
    try (WebhookReceiver receiver = WebhookReceiver.start(admin.vertx())) {
      String name = "rebind" + System.nanoTime() + ".customer.test";
      dns.put(name, addresses(PUBLIC_ADDRESS));
      int port = Integer.parseInt(receiver.url().replaceAll(".*:(\\d+)/.*", "$1"));
      long hook = s.api().post("/api/v1/webhooks", endpoint("http://" + name + ":" + port + "/hooks")).json()
          .getLong("id");
      dns.put(name, addresses("127.0.0.1"));

      tenants.missedCall(s.agency(), s.workspace(), Tenants.phone(), s.number());

      await().atMost(WAIT).until(() -> tenants.queryLong("SELECT count(*) FROM jobs WHERE kind = 'webhook' AND "
          + "status IN ('done', 'failed') AND (payload ->> 'delivery_id')::bigint IN (SELECT id FROM webhook_deliveries "
          + "WHERE endpoint_id = ?)", hook) == 1);
      JsonObject delivery = s.api().get("/api/v1/webhooks/" + hook + "/deliveries").data().getJsonObject(0);
      assertThat(delivery.getString("status")).isEqualTo("failed");
      assertThat(delivery.getInteger("attempts")).isEqualTo(1);
      assertThat(delivery.getString("last_error")).startsWith("webhook_url_forbidden: ")
          .contains("resolves to a loopback address").doesNotContain("127.0.0.1");
      assertThat(receiver.received()).isEmpty();
    }
  }

  @Test
  void aTestEventToAnEndpointThatNowResolvesToMetadataIsRecordedAsRefused() {
    Setup s = setup();
    String name = "meta" + System.nanoTime() + ".customer.test";
    dns.put(name, addresses(PUBLIC_ADDRESS));
    long hook = s.api().post("/api/v1/webhooks", endpoint("http://" + name + "/hooks")).json().getLong("id");
    dns.put(name, addresses("169.254.169.254"));

    JsonObject delivery = s.api().post("/api/v1/webhooks/" + hook + "/test", null).json();

    assertThat(delivery.getString("status")).isEqualTo("failed");
    assertThat(delivery.getString("last_error")).startsWith("webhook_url_forbidden: ")
        .contains("link-local");
    assertThat(delivery.getJsonArray("attempt_log").getJsonObject(0).getValue("status_code")).isNull();
  }
}
