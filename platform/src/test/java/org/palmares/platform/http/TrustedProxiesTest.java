package org.palmares.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {
  private final TrustedProxies proxies = TrustedProxies.parse("10.0.0.0/8, 192.168.1.10, fd00::/8");

  @Test
  void withoutTrustedProxiesTheSocketPeerIsTheClientWhateverItSends() {
    assertThat(TrustedProxies.none().clientOf("10.1.2.3", List.of("203.0.113.9"))).isEqualTo("10.1.2.3");
    assertThat(TrustedProxies.parse("").any()).isFalse();
  }

  @Test
  void aPeerThatIsNoTrustedProxyIsTheClient() {
    assertThat(proxies.clientOf("198.51.100.1", List.of("203.0.113.9"))).isEqualTo("198.51.100.1");
  }

  @Test
  void theRightmostUntrustedHopIsTheClient() {
    assertThat(proxies.clientOf("10.0.0.1", List.of("1.2.3.4, 203.0.113.9, 10.4.4.4"))).isEqualTo("203.0.113.9");
    assertThat(proxies.clientOf("192.168.1.10", List.of("1.2.3.4", "203.0.113.9"))).isEqualTo("203.0.113.9");
    assertThat(proxies.clientOf("fd00::1", List.of("[2001:db8::7]:4711"))).isEqualTo("2001:db8:0:0:0:0:0:7");
    assertThat(proxies.clientOf("10.0.0.1", List.of("203.0.113.9:51000"))).isEqualTo("203.0.113.9");
  }

  @Test
  void whenEveryHopIsOursTheLeftmostStandsForTheClient() {
    assertThat(proxies.clientOf("10.0.0.1", List.of("10.2.2.2, 10.3.3.3"))).isEqualTo("10.2.2.2");
    assertThat(proxies.clientOf("10.0.0.1", List.of())).isEqualTo("10.0.0.1");
  }

  @Test
  void aHopThatIsNoAddressEndsTheWalkAtTheLastTrustedHop() {
    assertThat(proxies.clientOf("10.0.0.1", List.of("203.0.113.9, unknown"))).isEqualTo("10.0.0.1");
    assertThat(proxies.clientOf("10.0.0.1", List.of("evil.example, 10.5.5.5"))).isEqualTo("10.5.5.5");
    assertThat(proxies.clientOf("10.0.0.1", List.of(""))).isEqualTo("10.0.0.1");
  }

  @Test
  void onlyAddressesAndBlocksAreAccepted() {
    assertThatThrownBy(() -> TrustedProxies.parse("proxy.example.org"))
        .hasMessageContaining("'proxy.example.org' is not an IP address or CIDR block");
    assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.0/33")).hasMessageContaining("prefix length outside 0..32");
    assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.0/x")).hasMessageContaining("prefix length");
    assertThat(proxies).hasToString("10.0.0.0/8,192.168.1.10/32,fd00:0:0:0:0:0:0:0/8");
  }

  @Test
  void rateLimitSettingsAreReadOrRefusedWithTheirForm() {
    RateLimits limits = RateLimits.defaults().with("reads.address=600/minute, uploads.account=30/hour");
    assertThat(limits.perAddress().get(RouteClass.READS)).isEqualTo(RateLimits.Budget.perMinute(600));
    assertThat(limits.perAccount().get(RouteClass.UPLOADS)).isEqualTo(RateLimits.Budget.perHour(30));
    assertThatThrownBy(() -> RateLimits.defaults().with("reads=5")).hasMessageContaining("is not CLASS.WHO=N/UNIT");
  }

  @Test
  void everyApiRouteHasItsClass() {
    assertThat(RouteClass.ofApi(io.vertx.core.http.HttpMethod.POST, "/api/challenges/c/submissions"))
        .isEqualTo(RouteClass.UPLOADS);
    assertThat(RouteClass.ofApi(io.vertx.core.http.HttpMethod.PUT, "/api/challenges/c")).isEqualTo(RouteClass.UPLOADS);
    assertThat(RouteClass.ofApi(io.vertx.core.http.HttpMethod.POST, "/api/challenges")).isEqualTo(RouteClass.UPLOADS);
    assertThat(RouteClass.ofApi(io.vertx.core.http.HttpMethod.POST, "/api/tokens")).isEqualTo(RouteClass.LOGINS);
    assertThat(RouteClass.ofApi(io.vertx.core.http.HttpMethod.GET, "/api/tokens")).isEqualTo(RouteClass.READS);
    assertThat(RouteClass.ofApi(io.vertx.core.http.HttpMethod.GET, "/api/challenges/c/events"))
        .isEqualTo(RouteClass.STREAMS);
    assertThat(RouteClass.ofApi(io.vertx.core.http.HttpMethod.POST, "/api/evaluator/lease"))
        .isEqualTo(RouteClass.EVALUATORS);
  }
}
