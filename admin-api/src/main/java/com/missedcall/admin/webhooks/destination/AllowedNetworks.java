package com.missedcall.admin.webhooks.destination;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Networks the operator lets outbound webhooks reach although they are not public (a CRM inside the
 * same network). Empty by default: then only public addresses are delivered to.
 */
public record AllowedNetworks(List<Cidr> networks) {
  public static final AllowedNetworks NONE = new AllowedNetworks(List.of());

  public AllowedNetworks {
    networks = List.copyOf(networks);
  }

  /** A comma-separated list of CIDRs; blank is {@link #NONE}. Every bad entry is one message in the exception. */
  public static AllowedNetworks parse(String commaSeparated) {
    if (commaSeparated == null || commaSeparated.isBlank()) {
      return NONE;
    }
    List<Cidr> networks = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    String[] entries = commaSeparated.split(",", -1);
    for (int i = 0; i < entries.length; i++) {
      String entry = entries[i].trim();
      if (entry.isEmpty()) {
        problems.add("entry " + (i + 1) + " is empty");
        continue;
      }
      try {
        networks.add(Cidr.parse(entry));
      } catch (IllegalArgumentException e) {
        problems.add("entry " + (i + 1) + " '" + (entry.length() > 50 ? entry.substring(0, 50) + "..." : entry) + "': "
            + e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidNetworks(problems);
    }
    return new AllowedNetworks(networks);
  }

  /** Whether the address, or the IPv4 address an IPv6 one carries, is inside one of the networks. */
  public boolean contains(InetAddress address) {
    InetAddress v4 = AddressClassifier.embeddedV4(address).orElse(null);
    for (Cidr network : networks) {
      if (network.contains(address) || (v4 != null && network.contains(v4))) {
        return true;
      }
    }
    return false;
  }

  /** Every bad entry of a list, one message each. */
  public static final class InvalidNetworks extends IllegalArgumentException {
    private final List<String> problems;

    InvalidNetworks(List<String> problems) {
      super(String.join("; ", problems));
      this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
      return problems;
    }
  }

  @Override
  public String toString() {
    return networks.toString();
  }
}
