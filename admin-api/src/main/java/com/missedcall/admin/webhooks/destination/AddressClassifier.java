package com.missedcall.admin.webhooks.destination;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Classifies an IP address by its raw bytes (IANA's special-purpose registries, RFC 6890 and
 * successors). IPv6 forms that carry an IPv4 address (IPv4-mapped, NAT64 well-known prefix, 6to4) are
 * classified by the IPv4 address they carry; IPv6 outside global unicast (2000::/3) is never public.
 */
public final class AddressClassifier {
  private AddressClassifier() {}

  public static AddressKind classify(InetAddress address) {
    byte[] b = address.getAddress();
    return b.length == 4 ? classifyV4(b) : classifyV6(b);
  }

  /** The IPv4 address an IPv6 address stands for (mapped, NAT64 64:ff9b::/96, 6to4), if any. */
  public static Optional<InetAddress> embeddedV4(InetAddress address) {
    byte[] b = address.getAddress();
    if (b.length != 16) {
      return Optional.empty();
    }
    byte[] v4 = embeddedV4(b);
    return v4 == null ? Optional.empty() : Optional.of(v4Address(v4));
  }

  private static byte[] embeddedV4(byte[] b) {
    if (zero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
      return Arrays.copyOfRange(b, 12, 16);                       // ::ffff:a.b.c.d
    }
    if (u16(b, 0) == 0x0064 && u16(b, 2) == 0xff9b && zero(b, 4, 12)) {
      return Arrays.copyOfRange(b, 12, 16);                       // 64:ff9b::a.b.c.d
    }
    if (u16(b, 0) == 0x2002) {
      return Arrays.copyOfRange(b, 2, 6);                         // 2002:aabb:ccdd::/48
    }
    return null;
  }

  private static AddressKind classifyV4(byte[] b) {
    int a0 = b[0] & 0xff;
    int a1 = b[1] & 0xff;
    int a2 = b[2] & 0xff;
    if (a0 == 255 && a1 == 255 && a2 == 255 && (b[3] & 0xff) == 255) {
      return AddressKind.BROADCAST;
    }
    if (a0 == 0) {
      return AddressKind.UNSPECIFIED;                             // 0.0.0.0/8 "this network"
    }
    if (a0 == 127) {
      return AddressKind.LOOPBACK;
    }
    if (a0 == 10 || (a0 == 172 && (a1 & 0xf0) == 16) || (a0 == 192 && a1 == 168)
        || (a0 == 100 && (a1 & 0xc0) == 64)) {                    // RFC 1918 and 100.64/10 (carrier-grade NAT)
      return AddressKind.PRIVATE;
    }
    if (a0 == 169 && a1 == 254) {
      return AddressKind.LINK_LOCAL;
    }
    if (a0 >= 224 && a0 <= 239) {
      return AddressKind.MULTICAST;
    }
    if (a0 >= 240                                                  // 240/4 future use
        || (a0 == 192 && a1 == 0 && (a2 == 0 || a2 == 2))          // IETF protocol assignments, TEST-NET-1
        || (a0 == 192 && a1 == 88 && a2 == 99)                     // 6to4 relay anycast
        || (a0 == 198 && (a1 & 0xfe) == 18)                        // benchmarking 198.18/15
        || (a0 == 198 && a1 == 51 && a2 == 100)                    // TEST-NET-2
        || (a0 == 203 && a1 == 0 && a2 == 113)) {                  // TEST-NET-3
      return AddressKind.RESERVED;
    }
    return AddressKind.PUBLIC;
  }

  private static AddressKind classifyV6(byte[] b) {
    byte[] v4 = embeddedV4(b);
    if (v4 != null) {
      return classifyV4(v4);
    }
    if (zero(b, 0, 15)) {
      return (b[15] & 0xff) == 1 ? AddressKind.LOOPBACK : b[15] == 0 ? AddressKind.UNSPECIFIED : AddressKind.RESERVED;
    }
    int w0 = u16(b, 0);
    int w1 = u16(b, 2);
    if ((w0 & 0xff00) == 0xff00) {
      return AddressKind.MULTICAST;
    }
    if ((w0 & 0xffc0) == 0xfe80) {
      return AddressKind.LINK_LOCAL;
    }
    if ((w0 & 0xfe00) == 0xfc00 || (w0 & 0xffc0) == 0xfec0        // unique local fc00::/7, old site-local fec0::/10
        || (w0 == 0x0064 && w1 == 0xff9b && u16(b, 4) == 0x0001)) { // local-use NAT64 64:ff9b:1::/48
      return AddressKind.PRIVATE;
    }
    if ((w0 & 0xe000) != 0x2000) {
      return AddressKind.RESERVED;                                // outside global unicast: ::/96 compatible, 100::/64, ...
    }
    if ((w0 == 0x2001 && w1 == 0x0000)                            // Teredo (hides an obfuscated IPv4 client)
        || (w0 == 0x2001 && w1 == 0x0002 && u16(b, 4) == 0)         // benchmarking 2001:2::/48
        || (w0 == 0x2001 && (w1 & 0xfff0) == 0x0020)                // ORCHIDv2 2001:20::/28
        || (w0 == 0x2001 && (w1 & 0xfff0) == 0x0010)                // ORCHID 2001:10::/28
        || (w0 == 0x2001 && w1 == 0x0db8)                           // documentation
        || (w0 == 0x3fff && (w1 & 0xf000) == 0)) {                 // documentation 3fff::/20
      return AddressKind.RESERVED;
    }
    return AddressKind.PUBLIC;
  }

  private static int u16(byte[] b, int i) {
    return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
  }

  private static boolean zero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  static InetAddress v4Address(byte[] four) {
    try {
      return InetAddress.getByAddress(four);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);                      // only for a wrong length, never here
    }
  }
}
