package org.palmares.platform.http;

import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The reverse proxies (TLS terminators, load balancers) whose {@code X-Forwarded-For} is believed,
 * as a list of CIDR blocks; empty by default, so that no client can choose its own address by
 * sending the header. Vert.x's own {@code allowForward} is not used: it believes the header's
 * leftmost entry from any peer, which is the one a client writes.
 *
 * <p>The client is the rightmost hop that is not a trusted proxy: each trusted proxy appends the
 * address it received the request from, so the entries to the right of the first untrusted one
 * were written by our own proxies and the ones to its left by whoever the client is.
 */
public final class TrustedProxies {
  private final List<IpSubnetFilterRule> blocks;
  private final List<String> written;

  private TrustedProxies(List<IpSubnetFilterRule> blocks, List<String> written) {
    this.blocks = blocks;
    this.written = written;
  }

  /** No proxy trusted: every client is its socket peer. */
  public static TrustedProxies none() {
    return new TrustedProxies(List.of(), List.of());
  }

  /**
   * Parses a comma-separated list of CIDR blocks or single addresses ({@code 10.0.0.0/8,
   * 127.0.0.1, ::1}); null or blank means none. Host names are refused: a proxy's address must
   * not depend on a DNS answer.
   *
   * @throws IllegalArgumentException naming the entry that is not an IP address or block
   */
  public static TrustedProxies parse(String list) {
    if (list == null || list.isBlank()) {
      return none();
    }
    List<IpSubnetFilterRule> blocks = new ArrayList<>();
    List<String> written = new ArrayList<>();
    for (String raw : list.split(",")) {
      String entry = raw.trim();
      if (entry.isEmpty()) {
        continue;
      }
      int slash = entry.indexOf('/');
      String ip = slash < 0 ? entry : entry.substring(0, slash);
      InetAddress address = NetUtil.createInetAddressFromIpAddressString(ip);
      if (address == null) {
        throw new IllegalArgumentException("trusted proxy '" + entry + "' is not an IP address or CIDR block "
            + "(e.g. 10.0.0.0/8, 192.168.1.10, ::1)");
      }
      int max = address.getAddress().length * 8;
      int prefix;
      try {
        prefix = slash < 0 ? max : Integer.parseInt(entry.substring(slash + 1));
      } catch (NumberFormatException e) {
        prefix = -1;
      }
      if (prefix < 0 || prefix > max) {
        throw new IllegalArgumentException("trusted proxy '" + entry + "' has a prefix length outside 0.." + max);
      }
      blocks.add(new IpSubnetFilterRule(address, prefix, IpFilterRuleType.ACCEPT));
      written.add(address.getHostAddress() + "/" + prefix);
    }
    return new TrustedProxies(List.copyOf(blocks), List.copyOf(written));
  }

  /** Whether there is any trusted proxy. */
  public boolean any() {
    return !blocks.isEmpty();
  }

  /** Whether {@code address} (an IP literal) is one of the trusted proxies. */
  public boolean trusts(String address) {
    InetAddress ip = address == null ? null : NetUtil.createInetAddressFromIpAddressString(address);
    return ip != null && trusts(ip);
  }

  private boolean trusts(InetAddress ip) {
    InetSocketAddress socket = new InetSocketAddress(ip, 0);
    for (IpSubnetFilterRule block : blocks) {
      if (block.matches(socket)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The client's address: the socket {@code peer} itself unless it is a trusted proxy; then the
   * rightmost hop of the {@code X-Forwarded-For} values (in header order) that is not trusted. An
   * entry that is not an IP address (a proxy writing {@code unknown}, or garbage) ends the walk:
   * the last trusted hop before it stands for the client, as nothing left of it can be believed.
   */
  public String clientOf(String peer, List<String> forwardedFor) {
    if (blocks.isEmpty() || forwardedFor == null || forwardedFor.isEmpty() || !trusts(peer)) {
      return peer;
    }
    List<String> hops = new ArrayList<>();
    for (String header : forwardedFor) {
      for (String hop : header.split(",")) {
        hops.add(hop.trim());
      }
    }
    String client = peer;
    for (int i = hops.size() - 1; i >= 0; i--) {
      InetAddress hop = address(hops.get(i));
      if (hop == null) {
        return client;
      }
      client = hop.getHostAddress();
      if (!trusts(hop)) {
        return client;
      }
    }
    return client; // every hop is a proxy of ours: the leftmost one is as near the client as we know
  }

  /** An IP literal, as proxies write it: bare, {@code v4:port}, {@code [v6]} or {@code [v6]:port}; else null. */
  private static InetAddress address(String hop) {
    String ip = hop;
    if (ip.startsWith("[")) {
      int end = ip.indexOf(']');
      ip = end < 0 ? "" : ip.substring(1, end);
    } else if (ip.indexOf(':') > 0 && ip.indexOf(':') == ip.lastIndexOf(':')) {
      ip = ip.substring(0, ip.indexOf(':')); // IPv4 with a port
    }
    return ip.isEmpty() ? null : NetUtil.createInetAddressFromIpAddressString(ip.toLowerCase(Locale.ROOT));
  }

  @Override
  public String toString() {
    return written.isEmpty() ? "none" : String.join(",", written);
  }
}
