package org.palmares.platform.http;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Every rate limit of the HTTP edge, in one place: for each {@link RouteClass}, the budget of one
 * account (a personal access token or a web session of it; for evaluators, one evaluator's token)
 * and the budget of one client address for callers who show no known credential; how many live
 * streams one client may hold open; and the reverse proxies whose {@code X-Forwarded-For} tells
 * the client's address. Listed with their defaults in {@code docs/security.md} ("Rate limits").
 *
 * @param perAccount        budget of one account (or evaluator) per route class
 * @param perAddress        budget of one client address per route class, for anonymous callers
 * @param streamsPerClient  live streams ({@code /events}) one account or anonymous address may hold open at once
 * @param trustedProxies    the proxies in front of the platform
 */
public record RateLimits(Map<RouteClass, Budget> perAccount, Map<RouteClass, Budget> perAddress,
    int streamsPerClient, TrustedProxies trustedProxies) {

  /**
   * At most {@code requests} per {@code period}, refilled gradually (a token bucket: a client may
   * spend a whole period's budget at once, then one request per {@code period / requests}).
   */
  public record Budget(long requests, Duration period) {
    public Budget {
      if (requests < 1 || period.toMillis() < 1) {
        throw new IllegalArgumentException("a budget allows at least one request per positive period");
      }
    }

    public static Budget perMinute(long requests) {
      return new Budget(requests, Duration.ofMinutes(1));
    }

    public static Budget perHour(long requests) {
      return new Budget(requests, Duration.ofHours(1));
    }

    /** "120 per hour", as configuration and messages say it. */
    @Override
    public String toString() {
      return requests + " per " + (period.equals(Duration.ofHours(1)) ? "hour"
          : period.equals(Duration.ofMinutes(1)) ? "minute" : period.toString().toLowerCase(Locale.ROOT));
    }
  }

  public RateLimits {
    perAccount = Map.copyOf(perAccount);
    perAddress = Map.copyOf(perAddress);
    for (RouteClass c : RouteClass.values()) {
      if (!perAccount.containsKey(c) || !perAddress.containsKey(c)) {
        throw new IllegalArgumentException("rate limits need both budgets for " + c.key());
      }
    }
    if (streamsPerClient < 1) {
      throw new IllegalArgumentException("a client may hold at least one stream");
    }
  }

  /**
   * Sized for a real challenge: far above what a person, a script or an evaluator does, far below a
   * flood. Anonymous budgets are per address, and a whole class or hospital may share one, so
   * they are as large as an account's except where no person needs many (uploads, evaluators
   * without a valid token).
   */
  public static RateLimits defaults() {
    Map<RouteClass, Budget> account = new EnumMap<>(RouteClass.class);
    account.put(RouteClass.UPLOADS, Budget.perHour(60));
    account.put(RouteClass.LOGINS, Budget.perHour(60));
    account.put(RouteClass.READS, Budget.perMinute(1200));
    account.put(RouteClass.STREAMS, Budget.perMinute(60));
    account.put(RouteClass.EVALUATORS, Budget.perMinute(3000));
    Map<RouteClass, Budget> address = new EnumMap<>(RouteClass.class);
    address.put(RouteClass.UPLOADS, Budget.perHour(120));
    address.put(RouteClass.LOGINS, Budget.perHour(300));
    address.put(RouteClass.READS, Budget.perMinute(1200));
    address.put(RouteClass.STREAMS, Budget.perMinute(120));
    address.put(RouteClass.EVALUATORS, Budget.perMinute(120));
    return new RateLimits(account, address, 50, TrustedProxies.none());
  }

  /** The same limits, believing {@code X-Forwarded-For} from {@code proxies}. */
  public RateLimits withTrustedProxies(TrustedProxies proxies) {
    return new RateLimits(perAccount, perAddress, streamsPerClient, proxies);
  }

  /** The same, with {@code budget} for one account ({@code perAccount}) or one address of {@code routes}. */
  public RateLimits with(RouteClass routes, boolean forAccounts, Budget budget) {
    Map<RouteClass, Budget> account = new EnumMap<>(perAccount);
    Map<RouteClass, Budget> address = new EnumMap<>(perAddress);
    (forAccounts ? account : address).put(routes, budget);
    return new RateLimits(account, address, streamsPerClient, trustedProxies);
  }

  public RateLimits withStreamsPerClient(int max) {
    return new RateLimits(perAccount, perAddress, max, trustedProxies);
  }

  /**
   * Applies {@code class.who=N/unit} settings, comma-separated ({@code reads.address=600/minute,
   * uploads.account=30/hour}): the form of the {@code --rate-limit} option.
   *
   * @throws IllegalArgumentException naming the setting that cannot be read
   */
  public RateLimits with(String settings) {
    RateLimits out = this;
    if (settings == null || settings.isBlank()) {
      return out;
    }
    for (String raw : settings.split(",")) {
      String setting = raw.trim();
      java.util.regex.Matcher m = java.util.regex.Pattern
          .compile("([a-z]+)\\.(account|address)=(\\d{1,9})/(second|minute|hour)").matcher(setting);
      RouteClass routes = m.matches() ? byKey(m.group(1)) : null;
      if (routes == null) {
        throw new IllegalArgumentException("rate limit '" + setting + "' is not CLASS.WHO=N/UNIT, with CLASS one of "
            + "uploads, logins, reads, streams, evaluators, WHO account or address, UNIT second, minute or hour "
            + "(e.g. reads.address=600/minute)");
      }
      Duration unit = switch (m.group(4)) {
        case "second" -> Duration.ofSeconds(1);
        case "minute" -> Duration.ofMinutes(1);
        default -> Duration.ofHours(1);
      };
      out = out.with(routes, m.group(2).equals("account"), new Budget(Long.parseLong(m.group(3)), unit));
    }
    return out;
  }

  private static RouteClass byKey(String key) {
    for (RouteClass c : RouteClass.values()) {
      if (c.key().equals(key)) {
        return c;
      }
    }
    return null;
  }
}
