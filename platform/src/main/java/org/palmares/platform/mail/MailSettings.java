package org.palmares.platform.mail;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * How the platform reaches its SMTP relay, read from the environment so that the relay's password
 * is never on a command line (visible to every local user in {@code ps}).
 *
 * <p>{@code PALMARES_SMTP_HOST} turns e-mail on; {@code PALMARES_SMTP_PORT} (default 587),
 * {@code PALMARES_SMTP_SECURITY} ({@code starttls}, the default, required before any password is
 * sent; {@code tls} for implicit TLS, usually port 465; {@code none} for a relay on the same
 * host), {@code PALMARES_SMTP_USER} and {@code PALMARES_SMTP_PASSWORD} (both or neither),
 * {@code PALMARES_MAIL_FROM} (required) and {@code PALMARES_PUBLIC_URL} (required: the address
 * people reach the site at; links in messages are built from it, never from the request's
 * {@code Host} header, which a client chooses).
 *
 * @param host      the relay
 * @param port      its port
 * @param security  how the connection is protected
 * @param user      the login, or null
 * @param password  the login's password, or null
 * @param from      the sender address
 * @param publicUrl the site's address, without a trailing slash
 */
public record MailSettings(String host, int port, Security security, String user, String password, String from,
    URI publicUrl) {

  /** How the connection to the relay is protected. */
  public enum Security { STARTTLS, TLS, NONE }

  /** A setting that is missing or malformed: the platform refuses to start rather than lose mail silently. */
  public static final class InvalidMailSettingsException extends RuntimeException {
    InvalidMailSettingsException(String message) {
      super(message);
    }
  }

  @Override
  public String toString() { // never the password, in a log or an exception
    return "MailSettings[" + host + ":" + port + ", " + security + ", user " + user + ", from " + from + ", "
        + publicUrl + "]";
  }

  /** The settings {@code env} gives, or empty when {@code PALMARES_SMTP_HOST} is not set. */
  public static Optional<MailSettings> fromEnvironment(Map<String, String> env) {
    String host = blankToNull(env.get("PALMARES_SMTP_HOST"));
    if (host == null) {
      return Optional.empty();
    }
    int port;
    try {
      port = Integer.parseInt(env.getOrDefault("PALMARES_SMTP_PORT", "587").trim());
    } catch (NumberFormatException e) {
      throw new InvalidMailSettingsException("PALMARES_SMTP_PORT is not a port number: " + env.get("PALMARES_SMTP_PORT"));
    }
    if (port < 1 || port > 65535) {
      throw new InvalidMailSettingsException("PALMARES_SMTP_PORT is not a port number: " + port);
    }
    Security security;
    try {
      security = Security.valueOf(env.getOrDefault("PALMARES_SMTP_SECURITY", "starttls").trim()
          .toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidMailSettingsException("PALMARES_SMTP_SECURITY is starttls, tls or none, not "
          + env.get("PALMARES_SMTP_SECURITY"));
    }
    String user = blankToNull(env.get("PALMARES_SMTP_USER"));
    String password = env.get("PALMARES_SMTP_PASSWORD");
    if ((user == null) != (password == null || password.isEmpty())) {
      throw new InvalidMailSettingsException("give both PALMARES_SMTP_USER and PALMARES_SMTP_PASSWORD, or neither");
    }
    String from = blankToNull(env.get("PALMARES_MAIL_FROM"));
    if (from == null || !from.contains("@")) {
      throw new InvalidMailSettingsException("PALMARES_MAIL_FROM (the sender address) is required with PALMARES_SMTP_HOST");
    }
    String url = blankToNull(env.get("PALMARES_PUBLIC_URL"));
    URI publicUrl;
    try {
      publicUrl = url == null ? null : new URI(url.replaceAll("/+$", ""));
    } catch (java.net.URISyntaxException e) {
      publicUrl = null;
    }
    if (publicUrl == null || !("https".equals(publicUrl.getScheme()) || "http".equals(publicUrl.getScheme()))
        || publicUrl.getHost() == null) {
      throw new InvalidMailSettingsException("PALMARES_PUBLIC_URL (the site's address, e.g. https://challenges.example.org)"
          + " is required with PALMARES_SMTP_HOST: links in e-mails are built from it");
    }
    return Optional.of(new MailSettings(host, port, security, user, user == null ? null : password, from, publicUrl));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
