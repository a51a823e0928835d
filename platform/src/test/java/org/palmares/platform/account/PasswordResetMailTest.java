package org.palmares.platform.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.vertx.core.Vertx;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.platform.mail.MailSettings;
import org.palmares.platform.mail.Mailer;
import org.palmares.platform.storage.MongoConnection;
import org.palmares.platform.testing.MutableClock;

/**
 * Password reset by e-mail against a real SMTP server (GreenMail, in the test) and the embedded
 * database: the link arrives, works once, expires, and only the newest works; an unknown address
 * gets nothing and the same answer.
 */
class PasswordResetMailTest {
  private static final String PASSWORD = "a long enough passphrase";
  private static final String NEW_PASSWORD = "another long passphrase";
  private static final String SITE = "https://challenges.example.org";
  private static final Pattern LINK = Pattern.compile(Pattern.quote(SITE + PasswordResets.RESET_PATH) + "(\\S+)");

  @TempDir Path data;
  private MongoConnection mongo;
  private MutableClock clock;
  private AccountRepository accounts;
  private Sessions sessions;
  private PasswordResets resets;
  private GreenMail smtp;
  private Vertx vertx;
  private Mailer mailer;
  private Account ada;

  @BeforeEach
  void setUp() throws Exception {
    smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    smtp.start();
    mongo = MongoConnection.embedded(data.resolve("db"));
    clock = new MutableClock(Instant.parse("2026-06-10T09:00:00Z"));
    accounts = new AccountRepository(mongo.database());
    sessions = new Sessions(mongo.database(), accounts);
    vertx = Vertx.vertx();
    mailer = new Mailer(vertx, MailSettings.fromEnvironment(env()).orElseThrow());
    resets = new PasswordResets(mongo.database(), accounts, sessions, mailer);
    ada = accounts.register("ada@example.org", "Ada", PASSWORD, clock.instant());
  }

  private Map<String, String> env() {
    return Map.of("PALMARES_SMTP_HOST", "127.0.0.1", "PALMARES_SMTP_PORT", String.valueOf(smtp.getSmtp().getPort()),
        "PALMARES_SMTP_SECURITY", "none", "PALMARES_MAIL_FROM", "no-reply@example.org", "PALMARES_PUBLIC_URL", SITE + "/");
  }

  @AfterEach
  void tearDown() {
    mailer.close();
    vertx.close().await();
    mongo.close();
    smtp.stop();
  }

  /** The one message that arrives within 10 s. */
  private MimeMessage onlyMessage() {
    assertThat(smtp.waitForIncomingEmail(10_000, 1)).as("a message reached the SMTP server").isTrue();
    MimeMessage[] received = smtp.getReceivedMessages();
    assertThat(received).hasSize(1);
    return received[0];
  }

  private static String secretIn(MimeMessage message) {
    Matcher m = LINK.matcher(GreenMailUtil.getBody(message).replace("=\r\n", ""));
    assertThat(m.find()).as("a link to the site's reset page in: %s", GreenMailUtil.getBody(message)).isTrue();
    return m.group(1);
  }

  @Test
  void aLinkIsMailedToTheAccountAndSetsANewPasswordOnceEndingEverySession() throws Exception {
    Sessions.Opened elsewhere = sessions.open(ada, clock.instant());

    resets.request("  ADA@example.org ", Locale.ENGLISH, clock.instant());

    MimeMessage message = onlyMessage();
    assertThat(message.getAllRecipients()[0].toString()).isEqualTo("ada@example.org");
    assertThat(message.getFrom()[0].toString()).isEqualTo("no-reply@example.org");
    assertThat(message.getSubject()).isEqualTo("Palmarès: reset your password");
    assertThat(GreenMailUtil.getBody(message)).contains("Hello Ada").contains("30 minutes");
    String secret = secretIn(message);
    assertThat(resets.isLive(secret, clock.instant())).isTrue();

    assertThat(resets.reset(secret, NEW_PASSWORD, clock.instant()).id()).isEqualTo(ada.id());

    assertThat(accounts.authenticate("ada@example.org", NEW_PASSWORD)).isPresent();
    assertThat(accounts.authenticate("ada@example.org", PASSWORD)).isEmpty();
    assertThat(sessions.find(elsewhere.cookieSecret(), clock.instant())).as("sessions ended").isEmpty();
    assertThatThrownBy(() -> resets.reset(secret, "yet another passphrase", clock.instant()))
        .isInstanceOfSatisfying(AccountException.class,
            e -> assertThat(e.reason()).isEqualTo(AccountException.Reason.INVALID_RESET));
    assertThat(resets.isLive(secret, clock.instant())).isFalse();
  }

  @Test
  void theMessageIsInTheLanguageOfThePersonWhoAsked() throws Exception {
    resets.request("ada@example.org", Locale.FRENCH, clock.instant());

    MimeMessage message = onlyMessage();
    assertThat(message.getSubject()).isEqualTo("Palmarès : réinitialiser votre mot de passe");
    assertThat(GreenMailUtil.getBody(message)).contains("Bonjour Ada").contains("30 minutes");
  }

  @Test
  void anUnknownAddressGetsNoMessageAndTheRequestAnswersTheSame() {
    resets.request("nobody@example.org", Locale.ENGLISH, clock.instant());
    resets.request("not an address", Locale.ENGLISH, clock.instant());

    assertThat(smtp.waitForIncomingEmail(2_000, 1)).isFalse();
    assertThat(mongo.database().getCollection("password_resets").countDocuments()).isZero();
  }

  @Test
  void aLinkExpiresAfterThirtyMinutes() {
    resets.request("ada@example.org", Locale.ENGLISH, clock.instant());
    String secret = secretIn(onlyMessage());

    clock.advance(PasswordResets.LIFETIME.plusSeconds(1));

    assertThat(resets.isLive(secret, clock.instant())).isFalse();
    assertThatThrownBy(() -> resets.reset(secret, NEW_PASSWORD, clock.instant()))
        .isInstanceOfSatisfying(AccountException.class,
            e -> assertThat(e.reason()).isEqualTo(AccountException.Reason.INVALID_RESET));
    assertThat(accounts.authenticate("ada@example.org", PASSWORD)).isPresent();
  }

  @Test
  void askingAgainWithinAMinuteSendsNothingAndLaterOnlyTheNewestLinkWorks() throws Exception {
    resets.request("ada@example.org", Locale.ENGLISH, clock.instant());
    String first = secretIn(onlyMessage());
    resets.request("ada@example.org", Locale.ENGLISH, clock.instant().plusSeconds(30));
    assertThat(smtp.waitForIncomingEmail(2_000, 2)).as("no second message within a minute").isFalse();

    clock.advance(Duration.ofMinutes(2));
    resets.request("ada@example.org", Locale.ENGLISH, clock.instant());
    assertThat(smtp.waitForIncomingEmail(10_000, 2)).isTrue();
    String second = secretIn(smtp.getReceivedMessages()[1]);

    assertThat(resets.isLive(first, clock.instant())).as("the older link").isFalse();
    assertThat(resets.reset(second, NEW_PASSWORD, clock.instant()).id()).isEqualTo(ada.id());
  }

  @Test
  void aWeakPasswordIsRefusedAndLeavesTheLinkUsable() {
    resets.request("ada@example.org", Locale.ENGLISH, clock.instant());
    String secret = secretIn(onlyMessage());

    assertThatThrownBy(() -> resets.reset(secret, "short", clock.instant()))
        .isInstanceOfSatisfying(AccountException.class,
            e -> assertThat(e.reason()).isEqualTo(AccountException.Reason.WEAK_PASSWORD));

    assertThat(resets.reset(secret, NEW_PASSWORD, clock.instant()).id()).isEqualTo(ada.id());
  }

  @Test
  void theDatabaseHoldsOnlyAHashOfTheLinksSecret() {
    resets.request("ada@example.org", Locale.ENGLISH, clock.instant());
    String secret = secretIn(onlyMessage());

    StringBuilder all = new StringBuilder();
    for (Document d : mongo.database().getCollection("password_resets").find()) {
      all.append(d.toJson());
    }
    assertThat(all).isNotEmpty().doesNotContain(secret);
  }

  @Test
  void withoutSmtpNothingIsSentAndTheOperatorsCommandIsTheWayBack() {
    PasswordResets none = new PasswordResets(mongo.database(), accounts, sessions, null);

    none.request("ada@example.org", Locale.ENGLISH, clock.instant());

    assertThat(none.byEmail()).isFalse();
    assertThat(smtp.waitForIncomingEmail(1_000, 1)).isFalse();
    assertThat(MailSettings.fromEnvironment(Map.of())).isEmpty();
  }

  @Test
  void incompleteSmtpSettingsStopTheStartWithTheMissingSettingNamedAndThePasswordIsNeverPrinted() {
    Map<String, String> noUrl = new HashMap<>(env());
    noUrl.remove("PALMARES_PUBLIC_URL");
    assertThatThrownBy(() -> MailSettings.fromEnvironment(noUrl)).hasMessageContaining("PALMARES_PUBLIC_URL");
    Map<String, String> userOnly = new HashMap<>(env());
    userOnly.put("PALMARES_SMTP_USER", "relay");
    assertThatThrownBy(() -> MailSettings.fromEnvironment(userOnly)).hasMessageContaining("PALMARES_SMTP_PASSWORD");
    Map<String, String> withLogin = new HashMap<>(userOnly);
    withLogin.put("PALMARES_SMTP_PASSWORD", "s3cret-relay-password");
    MailSettings settings = MailSettings.fromEnvironment(withLogin).orElseThrow();
    assertThat(settings.publicUrl()).isEqualTo(URI.create(SITE));
    assertThat(settings.toString()).doesNotContain("s3cret-relay-password");
  }

  @Test
  void everyMessageExistsInEnglishAndFrench() {
    ResourceBundle en = ResourceBundle.getBundle("i18n/mail", Locale.ROOT);
    ResourceBundle fr = ResourceBundle.getBundle("i18n/mail", Locale.FRENCH,
        ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    for (String key : Collections.list(en.getKeys())) {
      assertThat(fr.getString(key)).as(key).isNotEqualTo(en.getString(key));
    }
  }
}
