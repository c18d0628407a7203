package com.missedcall.admin.http;

import io.vertx.core.Future;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.json.schema.common.dsl.SchemaType;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatableRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Extracts requests for the contract router (after a BodyHandler) so that a string parameter stays a
 * string. The router reads a path or query value that is not a plain word as JSON first, so
 * {@code +15551234567} became the number 15551234567 and failed {@code type: string}; handing it the
 * value as a JSON string literal keeps it exactly as sent.
 */
public final class StringParameters implements RequestExtractor {
  private static final Pattern WORD = Pattern.compile("\\w+");
  private static final RequestExtractor BODY = RequestExtractor.withBodyHandler();

  @Override
  public Future<ValidatableRequest> extractValidatableRequest(RoutingContext ctx, Operation operation) {
    return BODY.extractValidatableRequest(ctx, operation).map(request -> new Quoted(request, operation));
  }

  private record Quoted(ValidatableRequest request, Map<String, RequestParameter> path,
                        Map<String, RequestParameter> query) implements ValidatableRequest {
    Quoted(ValidatableRequest request, Operation operation) {
      this(request, quote(request.getPathParameters(), operation, Location.PATH),
          quote(request.getQuery(), operation, Location.QUERY));
    }

    @Override
    public Map<String, RequestParameter> getCookies() {
      return request.getCookies();
    }

    @Override
    public Map<String, RequestParameter> getPathParameters() {
      return path;
    }

    @Override
    public Map<String, RequestParameter> getQuery() {
      return query;
    }

    @Override
    public Map<String, RequestParameter> getHeaders() {
      return request.getHeaders();
    }

    @Override
    public RequestParameter getBody() {
      return request.getBody();
    }

    @Override
    public String getContentType() {
      return request.getContentType();
    }
  }

  private static Map<String, RequestParameter> quote(Map<String, RequestParameter> values, Operation operation,
                                                     Location where) {
    Map<String, RequestParameter> out = new HashMap<>(values);
    for (Parameter p : operation.getParameters()) {
      RequestParameter value = values.get(p.getName());
      if (p.getIn() == where && p.getSchemaType() == SchemaType.STRING && value != null && !value.isNull()
          && value.get() instanceof String raw && !raw.isEmpty() && !WORD.matcher(raw).matches()) {
        String literal = Json.encode(raw);
        out.put(p.getName(), () -> literal);
      }
    }
    return out;
  }
}
