package com.missedcall.admin;

import io.vertx.core.Vertx;
import io.vertx.openapi.contract.OpenAPIContract;
import org.junit.jupiter.api.Test;

class ContractProbeTest {
  @Test
  void probe() {
    Vertx vertx = Vertx.vertx();
    try {
      OpenAPIContract.from(vertx, "openapi/admin-api.yaml").await();
      System.out.println("CONTRACT OK");
    } catch (Throwable t) {
      for (Throwable c = t; c != null; c = c.getCause()) {
        System.out.println("CAUSE " + c);
        if (c instanceof io.vertx.json.schema.JsonSchemaValidationException v) {
          System.out.println("LOC " + v.location());
        }
      }
      if (t instanceof io.vertx.openapi.contract.OpenAPIContractException e) {
        System.out.println(e.getMessage());
      }
    }
    vertx.close().await();
  }
}
