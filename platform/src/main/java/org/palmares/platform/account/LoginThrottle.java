package org.palmares.platform.account;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Slows down password guessing: failed logins are counted per account (whatever address they come
 * from: a botnet gets no more tries) and per client address (whatever account they aim at: one
 * machine cannot spray many accounts). A few mistakes cost nothing; past that, attempts are
 * refused until the bucket refills: one more try every {@code refill / burst} (3 minutes per
 * account by default). Refused attempts are not checked at all, so even the right password waits.
 * Counters live in memory (bounded): a restart forgives, which an attacker cannot trigger.
 */
public final class LoginThrottle {
  /** Failures allowed before slowing down, and how fast they are forgiven. */
  public record Policy(long burst, Duration refill) {}

  public static final Policy PER_ACCOUNT = new Policy(5, Duration.ofMinutes(15));
  public static final Policy PER_ADDRESS = new Policy(20, Duration.ofMinutes(15));

  private final Policy perAccount;
  private final Policy perAddress;
  private final TimeMeter time;
  private final Cache<String, Bucket> accounts = Caffeine.newBuilder().maximumSize(200_000)
      .expireAfterAccess(Duration.ofHours(2)).build();
  private final Cache<String, Bucket> addresses = Caffeine.newBuilder().maximumSize(200_000)
      .expireAfterAccess(Duration.ofHours(2)).build();

  public LoginThrottle(Clock clock) {
    this(PER_ACCOUNT, PER_ADDRESS, clock);
  }

  public LoginThrottle(Policy perAccount, Policy perAddress, Clock clock) {
    this.perAccount = perAccount;
    this.perAddress = perAddress;
    this.time = new TimeMeter() {
      @Override
      public long currentTimeNanos() {
        return clock.millis() * 1_000_000L;
      }

      @Override
      public boolean isWallClockBased() {
        return true;
      }
    };
  }

  /** How long to wait before trying to log in to {@code email} from {@code address}; empty: go ahead. */
  public Optional<Duration> waitBefore(String email, String address) {
    long nanos = Math.max(wait(accounts, key(email), perAccount), wait(addresses, address, perAddress));
    return nanos == 0 ? Optional.empty() : Optional.of(Duration.ofNanos(nanos));
  }

  public void failed(String email, String address) {
    bucket(accounts, key(email), perAccount).tryConsume(1);
    bucket(addresses, address, perAddress).tryConsume(1);
  }

  /** The right password forgives the account's earlier mistakes (not the address's). */
  public void succeeded(String email) {
    accounts.invalidate(key(email));
  }

  private long wait(Cache<String, Bucket> cache, String key, Policy policy) {
    EstimationProbe probe = bucket(cache, key, policy).estimateAbilityToConsume(1);
    return probe.canBeConsumed() ? 0 : probe.getNanosToWaitForRefill();
  }

  private Bucket bucket(Cache<String, Bucket> cache, String key, Policy policy) {
    return cache.get(key, k -> Bucket.builder().withCustomTimePrecision(time)
        .addLimit(Bandwidth.builder().capacity(policy.burst()).refillGreedy(policy.burst(), policy.refill()).build())
        .build());
  }

  private static String key(String email) {
    return AccountRepository.normalizeEmail(email);
  }
}
