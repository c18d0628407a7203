package com.missedcall.admin.webhooks.destination;

/**
 * What an address is, for deciding whether a webhook may be delivered to it. Only {@link #PUBLIC}
 * addresses (and those in the operator's allow-list) are delivered to; the others are named in the
 * refusal so the agency knows why, without the address itself being echoed.
 */
public enum AddressKind {
  PUBLIC("a public address"),
  LOOPBACK("a loopback address"),
  PRIVATE("a private network address"),
  LINK_LOCAL("a link-local address (where cloud metadata services live)"),
  MULTICAST("a multicast address"),
  UNSPECIFIED("an unspecified address"),
  BROADCAST("a broadcast address"),
  RESERVED("a reserved or special-purpose address");

  private final String words;

  AddressKind(String words) {
    this.words = words;
  }

  /** "a loopback address", for messages. */
  public String words() {
    return words;
  }

  /** "loopback", for logs. */
  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
