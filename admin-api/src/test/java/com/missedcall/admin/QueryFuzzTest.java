package com.missedcall.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.admin.support.AdminUnderTest;
import com.missedcall.admin.support.Api;
import com.missedcall.admin.support.Tenants;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Random query strings (drawn with jqwik's generators) against the real admin API and database: the
 * list endpoints answer 2xx or 4xx with a JSON code, never a 5xx, whatever the search, filter or cursor.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryFuzzTest {
  private static final char[] QUERY_CHARS = "%&=+0123456789abcdefABCDEFzZ-_.~!*'()".toCharArray();
  private static final List<String> LISTS = List.of("/api/v1/leads", "/api/v1/workspaces", "/api/v1/audit-log",
      "/api/v1/conversations", "/api/v1/numbers", "/api/v1/webhooks", "/api/v1/unmatched-replies");
  private static final List<String> NAMES = List.of("q", "stage", "cursor", "limit", "target_id", "target_type",
      "workspace_id", "sort", "status");
  private AdminUnderTest admin;
  private Api api;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    admin = AdminUnderTest.start(db, redis);
    Tenants tenants = admin.tenants();
    Tenants.Agency agency = tenants.agency("Fuzzed Agency");
    tenants.workspace(agency, "Fuzzed Workspace");
    api = admin.as(agency.key());
  }

  @AfterAll
  void stop() {
    admin.close();
  }

  private static Arbitrary<String> targets() {
    Arbitrary<String> value = Arbitraries.oneOf(
        Arbitraries.strings().withChars(QUERY_CHARS).ofMaxLength(24),
        Arbitraries.integers().between(0, 255).map(b -> String.format("%%%02X", b)).list().ofMaxSize(6)
            .map(l -> String.join("", l)),
        Arbitraries.strings().alpha().numeric().ofMaxLength(40));
    Arbitrary<String> pair = Combinators.combine(Arbitraries.of(NAMES), value).as((n, v) -> n + "=" + v);
    return Combinators.combine(Arbitraries.of(LISTS), pair.list().ofMinSize(1).ofMaxSize(3))
        .as((path, pairs) -> path + "?" + String.join("&", pairs));
  }

  @Test
  void noQueryStringMakesAListEndpointAnswerA5xx() {
    targets().sampleStream().limit(400).forEach(target -> {
      Api.Answer answer = api.getRaw(target);

      assertThat(answer.status()).as("%s -> %s", target, answer).isLessThan(500);
      if (answer.status() >= 400) {
        assertThat(answer.code()).as(target).isNotBlank();
      }
    });
  }
}
