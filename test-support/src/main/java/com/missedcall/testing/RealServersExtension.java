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

  /**
   * Drops the class's database and deletes its Redis keys (after the class's own {@code @AfterAll}, so its
   * gateways are stopped), then checks none is left: a key written after its gateway stopped is a bug.
   */
  @Override
  public void afterAll(ExtensionContext context) {
    TestDatabase db = context.getStore(NS).get(TestDatabase.class, TestDatabase.class);
    if (db != null) {
      db.drop(TestServers.endpoints());
    }
    TestRedis redis = context.getStore(NS).get(TestRedis.class, TestRedis.class);
    if (redis != null) {
      RedisNamespace.deleteAll(redis.host(), redis.port(), redis.keyPrefix());
      int left = RedisNamespace.count(redis.host(), redis.port(), redis.keyPrefix());
      if (left > 0) {
        throw new AssertionError(left + " Redis keys with the prefix " + redis.keyPrefix() + " of "
            + context.getRequiredTestClass().getSimpleName() + " are still there after it deleted them");
      }
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
