package com.missedcall.admin.webhooks.destination;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** One IPv4 or IPv6 network, {@code 10.0.0.0/8} or {@code fd00::/8} (a bare address is a single host). */
public record Cidr(InetAddress network, int prefix) {

  /**
   * Parses strictly: a canonical dotted quad or an IPv6 literal (no brackets, no zone), a prefix within
   * the family's width, and no bits set after the prefix.
   *
   * @throws IllegalArgumentException with a message saying what is wrong, without quoting the value
   */
  public static Cidr parse(String text) {
    String t = text.trim();
    int slash = t.indexOf('/');
    String address = slash < 0 ? t : t.substring(0, slash);
    InetAddress network = address(address);
    int width = network.getAddress().length * 8;
    int prefix = width;
    if (slash >= 0) {
      String p = t.substring(slash + 1);
      if (!p.matches("[0-9]{1,3}")) {
        throw new IllegalArgumentException("the prefix length after / is not a number");
      }
      prefix = Integer.parseInt(p);
      if (prefix > width) {
        throw new IllegalArgumentException("the prefix length is over " + width);
      }
    }
    byte[] b = network.getAddress();
    for (int bit = prefix; bit < width; bit++) {
      if ((b[bit / 8] & (0x80 >>> (bit % 8))) != 0) {
        throw new IllegalArgumentException("bits are set after the prefix (write the network address, e.g. 10.0.0.0/8)");
      }
    }
    return new Cidr(network, prefix);
  }

  private static InetAddress address(String text) {
    if (text.contains(":")) {
      if (!text.matches("[0-9A-Fa-f:.]+")) {
        throw new IllegalArgumentException("not an IPv4 or IPv6 address");
      }
      try {
        InetAddress parsed = InetAddress.getByName(text);          // a literal with ':' is never looked up
        if (parsed.getAddress().length == 4) {
          throw new IllegalArgumentException("an IPv4-mapped IPv6 network: write it as an IPv4 network");
        }
        return parsed;
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("not an IPv6 address");
      }
    }
    return Ipv4Text.canonical(text).orElseThrow(() ->
        new IllegalArgumentException("not an IPv4 address written as four decimal numbers, nor an IPv6 address"));
  }

  public boolean contains(InetAddress address) {
    byte[] a = address.getAddress();
    byte[] n = network.getAddress();
    if (a.length != n.length) {
      return false;
    }
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (a[i] != n[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (a[full] & mask) == (n[full] & mask);
  }

  @Override
  public String toString() {
    return network.getHostAddress() + "/" + prefix;
  }
}
