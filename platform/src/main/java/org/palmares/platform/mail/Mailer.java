package org.palmares.platform.mail;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the platform's plain-text messages through the configured SMTP relay with Vert.x's mail
 * client (non-blocking, pooled connections, STARTTLS and login handled by the library). A message
 * that cannot be sent is logged with its recipient's domain only: the address is personal data.
 */
public final class Mailer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Mailer.class);

  private final MailClient client;
  private final MailSettings settings;

  public Mailer(Vertx vertx, MailSettings settings) {
    this.settings = settings;
    MailConfig config = new MailConfig().setHostname(settings.host()).setPort(settings.port())
        .setStarttls(switch (settings.security()) {
          case STARTTLS -> StartTLSOptions.REQUIRED;
          case TLS, NONE -> StartTLSOptions.DISABLED;
        })
        .setSsl(settings.security() == MailSettings.Security.TLS)
        .setLogin(settings.user() == null ? LoginOption.DISABLED : LoginOption.REQUIRED)
        .setUsername(settings.user()).setPassword(settings.password())
        .setKeepAlive(true).setMaxPoolSize(2);
    this.client = MailClient.createShared(vertx, config, "palmares-mail");
  }

  /** The settings in use (the site's public address builds the links of messages). */
  public MailSettings settings() {
    return settings;
  }

  /** Sends one message; the future fails if the relay refused it or could not be reached. */
  public Future<Void> send(String to, String subject, String text) {
    MailMessage message = new MailMessage().setFrom(settings.from()).setTo(to).setSubject(subject).setText(text);
    return client.sendMail(message).<Void>mapEmpty()
        .onFailure(e -> LOG.warn("Could not send \"{}\" to an address at {}: {}", subject,
            to.substring(to.indexOf('@') + 1), e.getMessage()));
  }

  @Override
  public void close() {
    client.close();
  }
}
