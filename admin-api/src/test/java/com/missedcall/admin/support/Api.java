package com.missedcall.admin.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A blocking HTTP client for the tests, calling the admin API with one API key. */
public final class Api {
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final AdminUnderTest admin;
  private final String key;

  Api(AdminUnderTest admin, String key) {
    this.admin = admin;
    this.key = key;
  }

  /** An answer: status, headers and the body (JSON object or array when it parses, else text). */
  public record Answer(int status, Map<String, java.util.List<String>> headers, String text) {
    public JsonObject json() {
      return new JsonObject(text);
    }

    public JsonArray data() {
      return json().getJsonArray("data");
    }

    public String code() {
      return json().getString("code");
    }

    public String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .findFirst().map(e -> e.getValue().get(0)).orElse(null);
    }

    @Override
    public String toString() {
      return status + " " + text;
    }
  }

  public Answer get(String path) {
    return send("GET", path, null, Map.of());
  }

  /**
   * A GET whose request target goes on the wire exactly as given (java.net.URI would refuse a malformed
   * escape before it is sent): HTTP/1.1 over a plain socket, one request per connection.
   */
  public Answer getRaw(String target) {
    java.net.URI base = java.net.URI.create(admin.url("/"));
    try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(20_000);
      String request = "GET " + target + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
          + "\r\nConnection: close\r\n" + (key == null ? "" : "Authorization: Bearer " + key + "\r\n") + "\r\n";
      socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      String response = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      int status = Integer.parseInt(response.substring(9, 12));
      int split = response.indexOf("\r\n\r\n");
      Map<String, java.util.List<String>> headers = new java.util.HashMap<>();
      for (String line : response.substring(0, split).split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0) {
          headers.put(line.substring(0, colon).trim(), java.util.List.of(line.substring(colon + 1).trim()));
        }
      }
      String body = response.substring(split + 4);
      String encoding = headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("Transfer-Encoding"))
          .map(e -> e.getValue().get(0)).findFirst().orElse("");
      return new Answer(status, headers, encoding.equalsIgnoreCase("chunked") ? unchunk(body) : body);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String unchunk(String body) {
    StringBuilder out = new StringBuilder();
    int at = 0;
    while (true) {
      int eol = body.indexOf("\r\n", at);
      int size = Integer.parseInt(body.substring(at, eol).trim(), 16);
      if (size == 0) {
        return out.toString();
      }
      out.append(body, eol + 2, eol + 2 + size);
      at = eol + 2 + size + 2;
    }
  }

  public Answer delete(String path) {
    return send("DELETE", path, null, Map.of());
  }

  public Answer post(String path, Object body) {
    return send("POST", path, body, Map.of());
  }

  public Answer patch(String path, Object body) {
    return send("PATCH", path, body, Map.of());
  }

  public Answer send(String method, String path, Object body, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(admin.url(path))).timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.toString()));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    headers.forEach(request::header);
    try {
      HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.headers().map(), response.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
