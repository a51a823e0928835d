package org.palmares.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LanguageTest {
  @Test
  void acceptLanguageIsReadByItsQValues() {
    assertThat(Language.fromAcceptLanguage("de-DE,de;q=0.9,fr;q=0.8,en;q=0.7")).isEqualTo(Language.FR);
    assertThat(Language.fromAcceptLanguage("en;q=0.5, fr;q=0.6")).isEqualTo(Language.FR);
    assertThat(Language.fromAcceptLanguage("fr;q=0, en")).isEqualTo(Language.EN);
    assertThat(Language.fromAcceptLanguage("fr-CA")).isEqualTo(Language.FR);
    assertThat(Language.fromAcceptLanguage("ja, *;q=0.1")).isEqualTo(Language.EN);
  }

  @Test
  void anUnreadableHeaderMeansEnglish() {
    assertThat(Language.fromAcceptLanguage(null)).isEqualTo(Language.EN);
    assertThat(Language.fromAcceptLanguage(";;;q=x")).isEqualTo(Language.EN);
    assertThat(Language.fromAcceptLanguage("fr;q=2")).isEqualTo(Language.EN);
  }

  @Test
  void aChoiceOnTheSiteBeatsTheKeptOneWhichBeatsTheBrowser() {
    assertThat(Language.choose("en", "fr", "fr")).isEqualTo(Language.EN);
    assertThat(Language.choose(null, "fr", "en")).isEqualTo(Language.FR);
    assertThat(Language.choose("klingon", "nope", "fr")).isEqualTo(Language.FR);
  }
}
