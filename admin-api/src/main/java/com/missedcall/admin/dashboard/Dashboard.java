package com.missedcall.admin.dashboard;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Serves the dashboard: a small framework-free ES-module app (classpath {@code webroot/}) at {@code /},
 * and Chart.js from its WebJar at {@code /assets/vendor/chart.umd.js} (the version is read from the
 * WebJar, so the page never names it). No build step: these are the files the browser runs.
 */
public final class Dashboard {
  static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
      + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
  private static final String CHART_JS = "META-INF/resources/webjars/chart.js/" + webjarVersion("chart.js")
      + "/dist/chart.umd.js";

  private Dashboard() {}

  public static void mount(Router router) {
    // a prefix route's StaticHandler serves paths relative to the prefix: /assets/app.css is webroot/assets/app.css
    StaticHandler assets = StaticHandler.create("webroot/assets").setCachingEnabled(false).setDirectoryListing(false);
    router.get("/").handler(Dashboard::headers).handler(Dashboard::index);
    router.get("/index.html").handler(Dashboard::headers).handler(Dashboard::index);
    router.get("/assets/vendor/chart.umd.js").handler(ctx -> ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/javascript; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "public, max-age=86400")
        .sendFile(CHART_JS));
    router.get("/assets/*").handler(Dashboard::headers).handler(assets);
  }

  private static void index(RoutingContext ctx) {
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
        .sendFile("webroot/index.html");
  }

  private static void headers(RoutingContext ctx) {
    ctx.response().putHeader("Content-Security-Policy", CSP)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer");
    ctx.next();
  }

  static String webjarVersion(String artifact) {
    String path = "META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties";
    try (InputStream in = Dashboard.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("WebJar " + artifact + " is not on the classpath");
      }
      Properties props = new Properties();
      props.load(in);
      return props.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
