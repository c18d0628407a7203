package com.missedcall.admin.webhooks.destination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The address classifier and the IPv4 spellings, against an independent oracle: IANA's special-purpose
 * blocks as a table of CIDRs checked with {@link Cidr}. No servers: these are pure functions (the guard
 * is given a resolver that fails the test if a numeric host ever reaches it).
 */
class AddressClassifierPropertyTest {
  /** First match wins, as in the registries; anything unmatched is public. */
  private static final List<Map.Entry<Cidr, AddressKind>> V4_TABLE = List.of(
      Map.entry(Cidr.parse("255.255.255.255/32"), AddressKind.BROADCAST),
      Map.entry(Cidr.parse("0.0.0.0/8"), AddressKind.UNSPECIFIED),
      Map.entry(Cidr.parse("127.0.0.0/8"), AddressKind.LOOPBACK),
      Map.entry(Cidr.parse("10.0.0.0/8"), AddressKind.PRIVATE),
      Map.entry(Cidr.parse("172.16.0.0/12"), AddressKind.PRIVATE),
      Map.entry(Cidr.parse("192.168.0.0/16"), AddressKind.PRIVATE),
      Map.entry(Cidr.parse("100.64.0.0/10"), AddressKind.PRIVATE),
      Map.entry(Cidr.parse("169.254.0.0/16"), AddressKind.LINK_LOCAL),
      Map.entry(Cidr.parse("224.0.0.0/4"), AddressKind.MULTICAST),
      Map.entry(Cidr.parse("240.0.0.0/4"), AddressKind.RESERVED),
      Map.entry(Cidr.parse("192.0.0.0/24"), AddressKind.RESERVED),
      Map.entry(Cidr.parse("192.0.2.0/24"), AddressKind.RESERVED),
      Map.entry(Cidr.parse("192.88.99.0/24"), AddressKind.RESERVED),
      Map.entry(Cidr.parse("198.18.0.0/15"), AddressKind.RESERVED),
      Map.entry(Cidr.parse("198.51.100.0/24"), AddressKind.RESERVED),
      Map.entry(Cidr.parse("203.0.113.0/24"), AddressKind.RESERVED));

  private static final HostResolver NO_DNS = name -> {
    throw new AssertionError("a numeric host was sent to the resolver: " + name);
  };

  private static InetAddress v4(int bits) {
    return AddressClassifier.v4Address(new byte[] {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8),
        (byte) bits});
  }

  private static InetAddress v6(byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static AddressKind oracle(InetAddress address) {
    return V4_TABLE.stream().filter(e -> e.getKey().contains(address)).map(Map.Entry::getValue).findFirst()
        .orElse(AddressKind.PUBLIC);
  }

  /** Random addresses, with the special blocks (small in the whole space) drawn often. */
  @Provide
  Arbitrary<Integer> ipv4() {
    Arbitrary<Integer> anywhere = Arbitraries.integers().between(Integer.MIN_VALUE, Integer.MAX_VALUE);
    Arbitrary<Integer> inSpecialBlock = Arbitraries.of(V4_TABLE).flatMap(e -> {
      int base = ByteInt.of(e.getKey().network());
      int hostBits = 32 - e.getKey().prefix();
      int span = hostBits == 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, (1L << hostBits) - 1);
      return Arbitraries.integers().between(0, span).map(offset -> base + offset);
    });
    Arbitrary<Integer> nearBlockEdges = Arbitraries.of(V4_TABLE).flatMap(e -> Arbitraries.integers().between(-2, 2)
        .map(d -> ByteInt.of(e.getKey().network()) + d));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, anywhere), net.jqwik.api.Tuple.of(3, inSpecialBlock), net.jqwik.api.Tuple.of(2, nearBlockEdges));
  }

  @Property(tries = 3000)
  void everyIpv4AddressIsClassifiedByTheRangeItFallsIn(@ForAll("ipv4") int bits) {
    InetAddress address = v4(bits);

    assertThat(AddressClassifier.classify(address)).as(address.getHostAddress()).isEqualTo(oracle(address));
  }

  @Property(tries = 2000)
  void anIpv6AddressCarryingAnIpv4OneIsClassifiedAsThatIpv4Address(@ForAll("ipv4") int bits,
                                                                     @ForAll @IntRange(min = 0, max = 2) int form) {
    InetAddress inner = v4(bits);
    byte[] b = new byte[16];
    byte[] four = inner.getAddress();
    switch (form) {
      case 0 -> { b[10] = (byte) 0xff; b[11] = (byte) 0xff; System.arraycopy(four, 0, b, 12, 4); }  // ::ffff:a.b.c.d
      case 1 -> { b[0] = 0x00; b[1] = 0x64; b[2] = (byte) 0xff; b[3] = (byte) 0x9b; System.arraycopy(four, 0, b, 12, 4); }
      default -> { b[0] = 0x20; b[1] = 0x02; System.arraycopy(four, 0, b, 2, 4); b[15] = 1; }       // 6to4
    }

    assertThat(AddressClassifier.classify(v6(b))).isEqualTo(oracle(inner));
  }

  @Provide
  Arbitrary<byte[]> ipv6() {
    return Arbitraries.bytes().array(byte[].class).ofSize(16);
  }

  @Property(tries = 2000)
  void anIpv6AddressOutsideGlobalUnicastIsNeverPublic(@ForAll("ipv6") byte[] b) {
    if ((b[0] & 0xe0) == 0x20) {
      b[0] ^= 0x40;                                                 // out of 2000::/3
    }
    InetAddress address = v6(b);                                    // Java turns ::ffff:a.b.c.d into IPv4
    Optional<InetAddress> carried = AddressClassifier.embeddedV4(address);

    AddressKind kind = AddressClassifier.classify(address);

    if (address.getAddress().length == 4 || carried.isPresent()) {
      assertThat(kind).isEqualTo(oracle(carried.orElse(address)));
    } else {
      assertThat(kind).as(address.getHostAddress()).isNotEqualTo(AddressKind.PUBLIC);
    }
  }

  @Property(tries = 2000)
  void everyOtherSpellingOfAnIpv4AddressMeansThatAddressAndIsRefused(@ForAll("ipv4") int bits,
                                                                      @ForAll @IntRange(min = 0, max = 5) int style) {
    InetAddress address = v4(bits);
    byte[] a = address.getAddress();
    long n = bits & 0xffffffffL;
    String spelling = switch (style) {
      case 0 -> Long.toString(n);                                                   // 2130706433
      case 1 -> "0x" + Long.toHexString(n);                                         // 0x7f000001
      case 2 -> "0" + Long.toOctalString(n);                                        // 017700000001
      case 3 -> "0" + Integer.toOctalString(a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
      case 4 -> (a[0] & 0xff) + "." + (n & 0xffffff);                               // 127.1
      default -> "0x" + Integer.toHexString(a[0] & 0xff) + "." + (a[1] & 0xff) + "." + ((a[2] & 0xff) << 8 | (a[3] & 0xff));
    };
    WebhookTargetGuard guard = new WebhookTargetGuard(AllowedNetworks.NONE, NO_DNS, Duration.ofSeconds(1));

    Future<WebhookTargetGuard.Vetted> vetted = guard.vet("http://" + spelling + ":8080/h");

    assertThat(Ipv4Text.lenient(spelling)).as(spelling).contains(address);
    assertThat(vetted.failed()).as(spelling).isTrue();
    assertThat(((WebhookTargetRefused) vetted.cause()).code()).isEqualTo(WebhookTargetRefused.FORBIDDEN);
  }

  @Property(tries = 2000)
  void aCanonicalIpv4LiteralIsDeliveredToExactlyWhenItIsPublic(@ForAll("ipv4") int bits) {
    InetAddress address = v4(bits);
    WebhookTargetGuard guard = new WebhookTargetGuard(AllowedNetworks.NONE, NO_DNS, Duration.ofSeconds(1));

    Future<WebhookTargetGuard.Vetted> vetted = guard.vet("https://" + address.getHostAddress() + "/hooks");

    assertThat(vetted.succeeded()).as(address.getHostAddress()).isEqualTo(oracle(address) == AddressKind.PUBLIC);
    if (vetted.succeeded()) {
      assertThat(vetted.result().address()).isEqualTo(address);
    }
  }

  @Example
  void wellKnownAddressesHaveTheirKind() {
    assertThat(Map.ofEntries(
        Map.entry("169.254.169.254", AddressClassifier.classify(ip("169.254.169.254"))),
        Map.entry("fe80::1", AddressClassifier.classify(ip("fe80::1"))),
        Map.entry("fd00:ec2::254", AddressClassifier.classify(ip("fd00:ec2::254"))),
        Map.entry("::", AddressClassifier.classify(ip("::"))),
        Map.entry("::1", AddressClassifier.classify(ip("::1"))),
        Map.entry("::127.0.0.1", AddressClassifier.classify(ip("::127.0.0.1"))),
        Map.entry("::ffff:127.0.0.1", AddressClassifier.classify(ip("::ffff:127.0.0.1"))),
        Map.entry("64:ff9b::10.0.0.1", AddressClassifier.classify(ip("64:ff9b::10.0.0.1"))),
        Map.entry("64:ff9b::8.8.8.8", AddressClassifier.classify(ip("64:ff9b::8.8.8.8"))),
        Map.entry("2002:c0a8:101::1", AddressClassifier.classify(ip("2002:c0a8:101::1"))),
        Map.entry("2001:0:4136:e378::1", AddressClassifier.classify(ip("2001:0:4136:e378::1"))),
        Map.entry("ff02::1", AddressClassifier.classify(ip("ff02::1"))),
        Map.entry("2001:db8::1", AddressClassifier.classify(ip("2001:db8::1"))),
        Map.entry("2606:4700:4700::1111", AddressClassifier.classify(ip("2606:4700:4700::1111"))),
        Map.entry("8.8.8.8", AddressClassifier.classify(ip("8.8.8.8")))))
        .containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
            Map.entry("169.254.169.254", AddressKind.LINK_LOCAL),
            Map.entry("fe80::1", AddressKind.LINK_LOCAL),
            Map.entry("fd00:ec2::254", AddressKind.PRIVATE),
            Map.entry("::", AddressKind.UNSPECIFIED),
            Map.entry("::1", AddressKind.LOOPBACK),
            Map.entry("::127.0.0.1", AddressKind.RESERVED),
            Map.entry("::ffff:127.0.0.1", AddressKind.LOOPBACK),
            Map.entry("64:ff9b::10.0.0.1", AddressKind.PRIVATE),
            Map.entry("64:ff9b::8.8.8.8", AddressKind.PUBLIC),
            Map.entry("2002:c0a8:101::1", AddressKind.PRIVATE),
            Map.entry("2001:0:4136:e378::1", AddressKind.RESERVED),
            Map.entry("ff02::1", AddressKind.MULTICAST),
            Map.entry("2001:db8::1", AddressKind.RESERVED),
            Map.entry("2606:4700:4700::1111", AddressKind.PUBLIC),
            Map.entry("8.8.8.8", AddressKind.PUBLIC)));
  }

  @Example
  void aHostIsRefusedWhenAnyOneOfItsAddressesIsForbidden() {
    HostResolver resolver = name -> Future.succeededFuture(List.of(ip("93.184.215.14"), ip("10.0.0.7")));
    WebhookTargetGuard guard = new WebhookTargetGuard(AllowedNetworks.NONE, resolver, Duration.ofSeconds(1));

    Future<WebhookTargetGuard.Vetted> vetted = guard.vet("https://crm.customer.test/hooks");

    assertThat(vetted.failed()).isTrue();
    assertThat(vetted.cause()).isInstanceOf(WebhookTargetRefused.class)
        .hasMessageContaining("a private network address").hasMessageNotContaining("10.0.0.7");
  }

  @Example
  void theAllowListLetsItsNetworksThroughAndNothingElse() {
    AllowedNetworks allowed = AllowedNetworks.parse("127.0.0.0/8, fd00::/8");

    assertThat(allowed.contains(ip("127.0.0.1"))).isTrue();
    assertThat(allowed.contains(ip("::ffff:127.0.0.9"))).isTrue();
    assertThat(allowed.contains(ip("64:ff9b::127.0.0.1"))).isTrue();
    assertThat(allowed.contains(ip("fd12::1"))).isTrue();
    assertThat(allowed.contains(ip("::1"))).isFalse();
    assertThat(allowed.contains(ip("10.0.0.1"))).isFalse();
    assertThat(allowed.contains(ip("fe80::1"))).isFalse();
  }

  @Example
  void aBadNetworkIsReportedWithWhatIsWrongWithIt() {
    assertThatThrownBy(() -> AllowedNetworks.parse("10.0.0.1/8,10.0.0.0/33,banana,,fd00::/129,0x0a000000/8"))
        .isInstanceOfSatisfying(AllowedNetworks.InvalidNetworks.class, e -> assertThat(e.problems()).containsExactly(
            "entry 1 '10.0.0.1/8': bits are set after the prefix (write the network address, e.g. 10.0.0.0/8)",
            "entry 2 '10.0.0.0/33': the prefix length is over 32",
            "entry 3 'banana': not an IPv4 address written as four decimal numbers, nor an IPv6 address",
            "entry 4 is empty",
            "entry 5 'fd00::/129': the prefix length is over 128",
            "entry 6 '0x0a000000/8': not an IPv4 address written as four decimal numbers, nor an IPv6 address"));
  }

  /** An address's 32 bits as an int. */
  private static final class ByteInt {
    static int of(InetAddress a) {
      byte[] b = a.getAddress();
      return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }
  }
}
