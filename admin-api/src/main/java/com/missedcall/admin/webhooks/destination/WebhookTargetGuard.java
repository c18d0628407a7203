package com.missedcall.admin.webhooks.destination;

import io.vertx.core.Future;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Decides whether an outbound webhook URL may be delivered to, and to which address. The URL is parsed
 * strictly ({@link WebhookTarget}); an IP literal is read by the gateway itself (IPv4 only as four
 * decimal numbers: {@code 0x7f000001}, {@code 2130706433} or {@code 0177.0.0.1} are refused); a host
 * name is resolved and <em>every</em> address it resolves to must be public or in the operator's
 * {@link AllowedNetworks}. The caller connects to the returned address, so a name that changes between
 * this check and the connection (DNS rebinding) cannot send the request elsewhere.
 */
public final class WebhookTargetGuard {
  private static final List<InetAddress> LOCALHOST = List.of(AddressClassifier.v4Address(new byte[] {127, 0, 0, 1}));

  private final AllowedNetworks allowed;
  private final HostResolver resolver;
  private final Duration resolveTimeout;

  public WebhookTargetGuard(AllowedNetworks allowed, HostResolver resolver, Duration resolveTimeout) {
    this.allowed = allowed;
    this.resolver = resolver;
    this.resolveTimeout = resolveTimeout;
  }

  /** A URL cleared for delivery: where the request goes ({@code address}) and what it says ({@code target}). */
  public record Vetted(WebhookTarget target, InetAddress address) {}

  /**
   * The URL and the address to connect to; fails with {@link WebhookTargetRefused} when the URL is not
   * acceptable, or with the resolver's failure (e.g. {@link UnknownHostException}) when the name does not
   * resolve now.
   */
  public Future<Vetted> vet(String url) {
    WebhookTarget target;
    Optional<List<InetAddress>> literal;
    try {
      target = WebhookTarget.parse(url);
      literal = literal(target);
    } catch (WebhookTargetRefused refused) {
      return Future.failedFuture(refused);
    }
    Future<List<InetAddress>> addresses = literal.map(Future::succeededFuture)
        .orElseGet(() -> resolver.resolve(target.host()).timeout(resolveTimeout.toMillis(), TimeUnit.MILLISECONDS));
    return addresses.compose(all -> {
      if (all.isEmpty()) {
        return Future.failedFuture(new UnknownHostException("the host name has no address"));
      }
      for (InetAddress address : all) {
        AddressKind kind = kindOf(address);
        if (kind != AddressKind.PUBLIC) {
          return Future.failedFuture(forbidden(literal.isPresent() ? "The URL's host is " + kind.words()
              : "The URL's host name resolves to " + kind.words(), kind));
        }
      }
      return Future.succeededFuture(new Vetted(target, all.get(0)));
    });
  }

  /**
   * At registration: refuses what is certainly not deliverable, and lets a name that does not resolve at
   * the moment through (it is vetted again at every send, where it fails and is retried).
   */
  public Future<Void> check(String url) {
    return vet(url).<Void>mapEmpty().recover(err -> err instanceof WebhookTargetRefused
        ? Future.failedFuture(err) : Future.succeededFuture());
  }

  /** PUBLIC when the address may be delivered to (public, or allowed by the operator); otherwise what it is. */
  public AddressKind kindOf(InetAddress address) {
    return allowed.contains(address) ? AddressKind.PUBLIC : AddressClassifier.classify(address);
  }

  /** The addresses an IP literal or a {@code localhost} name stands for; empty for a name to resolve. */
  private static Optional<List<InetAddress>> literal(WebhookTarget target) {
    String host = target.host();
    if (host.startsWith("[")) {
      String inner = target.bareHost();
      if (!host.endsWith("]") || !inner.matches("[0-9a-f:.]+") || !inner.contains(":")) {
        throw forbidden("The URL's host is not a valid IPv6 address", AddressKind.RESERVED);
      }
      try {
        return Optional.of(List.of(InetAddress.getByName(inner)));   // a literal with ':' is parsed, never looked up
      } catch (UnknownHostException e) {
        throw forbidden("The URL's host is not a valid IPv6 address", AddressKind.RESERVED);
      }
    }
    String lastLabel = host.substring(host.lastIndexOf('.') + 1);
    if (!lastLabel.isEmpty() && Character.isDigit(lastLabel.charAt(0))) {
      // no top-level domain starts with a digit: this is an IPv4 address, or something a resolver may read as one
      Optional<InetAddress> canonical = Ipv4Text.canonical(host);
      if (canonical.isPresent()) {
        return Optional.of(List.of(canonical.get()));
      }
      AddressKind kind = Ipv4Text.lenient(host).map(AddressClassifier::classify).orElse(AddressKind.RESERVED);
      throw forbidden("The URL's host must be a host name or an IPv4 address written as four decimal numbers"
          + (kind == AddressKind.PUBLIC || kind == AddressKind.RESERVED ? "" : " (this one is " + kind.words() + ")"),
          kind == AddressKind.PUBLIC ? AddressKind.RESERVED : kind);
    }
    if (host.equals("localhost") || host.endsWith(".localhost")) {
      return Optional.of(LOCALHOST);                                  // RFC 6761: always loopback, whatever DNS says
    }
    return Optional.empty();
  }

  private static WebhookTargetRefused forbidden(String why, AddressKind kind) {
    return new WebhookTargetRefused(WebhookTargetRefused.FORBIDDEN,
        why + "; webhooks are delivered to public addresses only", kind);
  }
}
