package org.palmares.platform.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The browser libraries the build brings in as WebJars (served from the jar under {@code
 * /webjars/}, never copied into our sources). Their paths carry the version the build resolved,
 * read from the WebJar itself, so upgrading is one line of the pom.
 */
public final class WebJars {
  /** uPlot: a small, maintained chart library (the forest plot and the score-over-time chart). */
  public static final String UPLOT_SCRIPT = "/webjars/uplot/" + version("org.webjars.npm", "uplot") + "/dist/uPlot.iife.min.js";
  public static final String UPLOT_STYLE = "/webjars/uplot/" + version("org.webjars.npm", "uplot") + "/dist/uPlot.min.css";

  private WebJars() {}

  private static String version(String group, String artifact) {
    String path = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
    try (InputStream in = WebJars.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("the WebJar " + group + ":" + artifact + " is not on the class path");
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
