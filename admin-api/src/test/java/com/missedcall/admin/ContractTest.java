package com.missedcall.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.admin.support.AdminUnderTest;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The contract itself keeps the promises the API makes: documented errors, closed request bodies. */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContractTest {
  private static final Set<String> PUBLIC = Set.of("getOpenApiJson", "getOpenApiYaml");
  private AdminUnderTest admin;
  private JsonObject contract;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    admin = AdminUnderTest.start(db, redis);
    contract = admin.anonymous().get("/api/v1/openapi.json").json();
  }

  @AfterAll
  void stop() {
    admin.close();
  }

  private record Op(String id, String path, JsonObject operation, JsonArray pathParameters) {}

  private List<Op> operations() {
    List<Op> ops = new ArrayList<>();
    contract.getJsonObject("paths").forEach(p -> {
      JsonObject item = (JsonObject) p.getValue();
      item.forEach(m -> {
        if (m.getValue() instanceof JsonObject op && op.containsKey("operationId")) {
          ops.add(new Op(op.getString("operationId"), p.getKey(), op, item.getJsonArray("parameters", new JsonArray())));
        }
      });
    });
    return ops;
  }

  @Test
  void everyOperationButTheContractItselfDocumentsA401() {
    assertThat(operations()).filteredOn(op -> !PUBLIC.contains(op.id()))
        .allSatisfy(op -> assertThat(op.operation().getJsonObject("responses").containsKey("401")).as(op.id()).isTrue());
  }

  @Test
  void everyOperationOnAnIdDocumentsA404() {
    assertThat(operations()).filteredOn(op -> op.path().contains("{"))
        .allSatisfy(op -> assertThat(op.operation().getJsonObject("responses").containsKey("404")).as(op.id()).isTrue());
  }

  @Test
  void everyRequestBodyRefusesFieldsItDoesNotName() {
    JsonObject schemas = contract.getJsonObject("components").getJsonObject("schemas");
    assertThat(operations()).filteredOn(op -> op.operation().containsKey("requestBody")).allSatisfy(op -> {
      JsonObject schema = op.operation().getJsonObject("requestBody").getJsonObject("content")
          .getJsonObject("application/json").getJsonObject("schema");
      if (schema.containsKey("$ref")) {
        schema = schemas.getJsonObject(schema.getString("$ref").substring("#/components/schemas/".length()));
      }
      assertThat(Boolean.FALSE.equals(schema.getValue("additionalProperties"))
          || Boolean.FALSE.equals(schema.getValue("unevaluatedProperties"))).as(op.id()).isTrue();
    });
  }

  @Test
  void everyOperationButTheContractRefusesARequestWithoutAKey() {
    assertThat(operations()).filteredOn(op -> !PUBLIC.contains(op.id())).allSatisfy(op -> {
      String path = "/api/v1" + op.path().replaceAll("\\{accountSid}", "AC" + "0".repeat(32))
          .replaceAll("\\{phone}", "%2B15005550100").replaceAll("\\{[A-Za-z]+}", "1");
      String method = contract.getJsonObject("paths").getJsonObject(op.path()).fieldNames().stream()
          .filter(m -> op.operation().equals(contract.getJsonObject("paths").getJsonObject(op.path()).getValue(m)))
          .findFirst().orElseThrow().toUpperCase(java.util.Locale.ROOT);
      com.missedcall.admin.support.Api.Answer answer = admin.anonymous().send(method, path, null, java.util.Map.of());
      assertThat(answer.status()).as(op.id() + " " + method + " " + path).isEqualTo(401);
      assertThat(answer.code()).isEqualTo("missing_api_key");
    });
  }

  @Test
  void operationIdsAreUnique() {
    List<String> ids = operations().stream().map(Op::id).toList();

    assertThat(ids).doesNotHaveDuplicates().hasSizeGreaterThan(40);
  }
}
