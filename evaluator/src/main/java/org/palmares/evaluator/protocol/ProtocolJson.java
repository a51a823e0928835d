package org.palmares.evaluator.protocol;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapper of the job protocol, used by both ends (the platform's evaluator API and
 * the evaluator's HTTP channel) to write and read the {@link Wire} records, {@link Job} and
 * {@link JobReport}. Strict about types (a number is not a string, nor a string a number, and a
 * null is not a 0), lenient about fields it does not know, so that a platform and an evaluator of
 * different versions can be upgraded one at a time.
 */
public final class ProtocolJson {
  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private ProtocolJson() {}
}
