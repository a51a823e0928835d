package org.palmares.evaluator.provenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void numbersAreWrittenAsEcmaScriptWritesThem() {
    // RFC 8785 appendix B and ECMAScript's Number::toString thresholds
    assertThat(CanonicalJson.number(0.0)).isEqualTo("0");
    assertThat(CanonicalJson.number(-0.0)).isEqualTo("0");
    assertThat(CanonicalJson.number(1.0)).isEqualTo("1");
    assertThat(CanonicalJson.number(-1.5)).isEqualTo("-1.5");
    assertThat(CanonicalJson.number(333333333.33333329)).isEqualTo("333333333.3333333");
    assertThat(CanonicalJson.number(1E30)).isEqualTo("1e+30");
    assertThat(CanonicalJson.number(4.50)).isEqualTo("4.5");
    assertThat(CanonicalJson.number(2e-3)).isEqualTo("0.002");
    assertThat(CanonicalJson.number(0.000000000000000000000000001)).isEqualTo("1e-27");
    assertThat(CanonicalJson.number(1e21)).isEqualTo("1e+21");
    assertThat(CanonicalJson.number(1e20)).isEqualTo("100000000000000000000");
    assertThat(CanonicalJson.number(1e-6)).isEqualTo("0.000001");
    assertThat(CanonicalJson.number(1e-7)).isEqualTo("1e-7");
    assertThat(CanonicalJson.number(1.25e-7)).isEqualTo("1.25e-7");
    assertThat(CanonicalJson.number(9007199254740992.0)).isEqualTo("9007199254740992");
    assertThat(CanonicalJson.number(Double.MAX_VALUE)).isEqualTo("1.7976931348623157e+308");
    assertThat(CanonicalJson.number(Double.MIN_VALUE)).isEqualTo("5e-324");
    assertThat(CanonicalJson.number(0.8666666666666667)).isEqualTo("0.8666666666666667");
    assertThat(CanonicalJson.number(0.1 + 0.2)).isEqualTo("0.30000000000000004");
  }

  @Test
  void membersAreSortedByUtf16CodeUnitsAndStringsEscapedMinimally() throws Exception {
    // RFC 8785 §3.2.3's sorting example: code unit order puts U+20AC after U+1F600's surrogates? no: before them
    String json = "{\"\\u20ac\":\"Euro Sign\",\"\\r\":\"Carriage Return\",\"\\ufb33\":\"Hebrew Letter Dalet With Dagesh\","
        + "\"1\":\"One\",\"\\ud83d\\ude00\":\"Emoji: Grinning Face\",\"\\u0080\":\"Control\",\"\\u00f6\":\"Latin Small Letter O With Diaeresis\"}";
    String canonical = CanonicalJson.string(JSON.readTree(json));
    assertThat(canonical).isEqualTo("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
        + "\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\","
        + "\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
    assertThat(CanonicalJson.string(JSON.readTree("[\"a\\u001fb\\u007f\\\"\\\\/\",true,null,[],{}]")))
        .isEqualTo("[\"a\\u001fb\u007f\\\"\\\\/\",true,null,[],{}]");
  }

  @Test
  void aRecordHasOneCanonicalFormWhateverTheOrderAndSpacingItCameIn() throws Exception {
    ResultRecord record = new ResultRecord("breast-cancer-survival", "final", "nl", "sub_0001", 2,
        "sha256:aa11", "builtin 0.1.0", "sha256:bb22", "runsc", "0.1.0", "SUCCEEDED",
        JSON.readTree("{\"primaryMetric\":\"c_index\",\"publicPart\":{\"metrics\":{\"c_index\":{\"value\":0.6845,"
            + "\"ci95\":[0.61,0.75]}},\"cases\":120,\"positives\":47},\"privatePart\":null,\"note\":\"Zürich\"}"));
    // the golden bytes: a change here breaks every signature made before it
    String golden = "{\"attempt\":2,\"challenge\":\"breast-cancer-survival\",\"evaluator\":\"0.1.0\","
        + "\"format\":\"palmares-result/1\",\"hiddenDigest\":\"sha256:bb22\",\"imageDigest\":\"sha256:aa11\","
        + "\"outcome\":\"SUCCEEDED\",\"phase\":\"final\",\"runtime\":\"runsc\",\"scorer\":\"builtin 0.1.0\","
        + "\"scores\":{\"note\":\"Zürich\",\"primaryMetric\":\"c_index\",\"privatePart\":null,"
        + "\"publicPart\":{\"cases\":120,\"metrics\":{\"c_index\":{\"ci95\":[0.61,0.75],\"value\":0.6845}},"
        + "\"positives\":47}},\"site\":\"nl\",\"submission\":\"sub_0001\"}";
    assertThat(new String(record.canonicalBytes(), StandardCharsets.UTF_8)).isEqualTo(golden);
    // read back (as the platform does) and written again: the same bytes
    ResultRecord read = ResultRecord.fromJson(JSON.readTree("  {\n \"submission\" : \"sub_0001\"," + golden.substring(1)
        .replace(",\"submission\":\"sub_0001\"", "")));
    assertThat(CanonicalJson.string(read.toJson())).isEqualTo(golden);
  }

  @Test
  void nonFiniteScoresAreWrittenAsTheStringsJacksonWritesForThem() throws Exception {
    var node = JSON.createObjectNode().put("nan", Double.NaN).put("inf", Double.NEGATIVE_INFINITY);
    String canonical = CanonicalJson.string(node);
    assertThat(canonical).isEqualTo("{\"inf\":\"-Infinity\",\"nan\":\"NaN\"}");
    assertThat(CanonicalJson.string(JSON.readTree(canonical))).isEqualTo(canonical);
  }

  @Test
  void aLoneSurrogateHasNoCanonicalForm() {
    assertThatThrownBy(() -> CanonicalJson.string(JSON.getNodeFactory().textNode("a\ud800b")))
        .hasMessageContaining("lone surrogate");
  }
}
