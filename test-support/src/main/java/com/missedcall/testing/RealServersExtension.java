package com.missedcall.testing;

import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives every test class a fresh database and a Redis key namespace on real servers.
 * Test methods and constructors receive them as {@link TestDatabase} and {@link TestRedis} parameters.
 */
public final class RealServersExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(RealServersExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    ServerEndpoints servers = TestServers.endpoints();
    String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    String dbName = "t_" + context.getRequiredTestClass().getSimpleName().toLowerCase(Locale.ROOT)
        .replaceAll("[^a-z0-9]", "") + "_" + suffix;
    if (dbName.length() > 63) {
      dbName = "t_" + suffix;
    }
    TestDatabase db = TestDatabase.create(servers, dbName);
    TestRedis redis = new TestRedis(servers.redisHost(), servers.redisPort(), "t" + suffix + ":");
    context.getStore(NS).put(TestDatabase.class, db);
    context.getStore(NS).put(TestRedis.class, redis);
    context.publishReportEntry("test-servers", servers.describe() + " database=" + dbName
        + " redisPrefix=" + redis.keyPrefix());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    TestDatabase db = context.getStore(NS).get(TestDatabase.class, TestDatabase.class);
    if (db != null) {
      db.drop(TestServers.endpoints());
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == TestDatabase.class || type == TestRedis.class || type == ServerEndpoints.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    if (type == ServerEndpoints.class) {
      return TestServers.endpoints();
    }
    ExtensionContext classContext = context;
    while (classContext.getStore(NS).get(type) == null && classContext.getParent().isPresent()) {
      classContext = classContext.getParent().get();
    }
    return classContext.getStore(NS).get(type);
  }
}
