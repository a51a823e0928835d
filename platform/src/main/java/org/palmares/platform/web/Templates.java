package org.palmares.platform.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.Utf8ByteOutput;
import io.vertx.core.buffer.Buffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The site's templates ({@code src/main/jte}), precompiled into classes by the build: rendering
 * needs no compiler, and a template that uses a missing field fails the build, not a reader's
 * request. Every {@code ${...}} is escaped for where it stands (text, attribute, URL, script).
 */
public final class Templates {
  private static final TemplateEngine ENGINE = TemplateEngine.createPrecompiled(ContentType.Html);

  private Templates() {}

  /**
   * The page {@code template} (e.g. {@code "refusal.jte"}) for {@code page}, with the template's
   * other parameters given in order as name, value pairs.
   */
  public static Buffer render(String template, Page page, Object... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("parameters come as name, value pairs");
    }
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("page", page);
    for (int i = 0; i < namesAndValues.length; i += 2) {
      params.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    Utf8ByteOutput out = new Utf8ByteOutput();
    ENGINE.render(template, params, out);
    Buffer body = Buffer.buffer(out.getContentLength());
    try {
      out.writeTo((bytes, offset, length) -> body.appendBytes(bytes, offset, length));
    } catch (java.io.IOException cannotHappen) { // appending to a buffer in memory
      throw new java.io.UncheckedIOException(cannotHappen);
    }
    return body;
  }
}
