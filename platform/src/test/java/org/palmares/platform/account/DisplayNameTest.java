package org.palmares.platform.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DisplayNameTest {

  @Test
  void plainNamesAreKeptTrimmed() {
    assertThat(DisplayName.clean("  Les Oncologues ", 40)).contains("Les Oncologues");
    assertThat(DisplayName.clean("Équipe Québec – 2", 40)).contains("Équipe Québec – 2");
    assertThat(DisplayName.clean("東京チーム", 40)).contains("東京チーム");
  }

  @Test
  void compatibilityLookAlikesFoldToTheirPlainLetters() {
    assertThat(DisplayName.clean("\uff34\uff45\uff41\uff4d \uff22", 40)).contains("Team B");
    assertThat(DisplayName.key("\uff34\uff45\uff41\uff4d \uff22")).isEqualTo(DisplayName.key("team b"));
    assertThat(DisplayName.clean("\ufb01ne", 40)).contains("fine");
  }

  @Test
  void invisibleAndSpaceLikeCharactersAreRefusedWithTheirCodePoint() {
    assertThat(DisplayName.problem("Team\u00a0B", 40)).contains("U+00A0");
    assertThat(DisplayName.problem("Team\u3000B", 40)).contains("U+3000");
    assertThat(DisplayName.problem("Team\u200bB", 40)).contains("U+200B");
    assertThat(DisplayName.problem("Ada\u202e", 40)).contains("U+202E");
    assertThat(DisplayName.problem("Ada\tLovelace", 40)).contains("U+0009");
    assertThat(DisplayName.problem("Ada\u2029Lovelace", 40)).contains("U+2029");
  }

  @Test
  void emptyAndOverlongNamesAreRefused() {
    assertThat(DisplayName.problem("   ", 40)).contains("1 to 40");
    assertThat(DisplayName.problem(null, 40)).contains("1 to 40");
    assertThat(DisplayName.problem("x".repeat(41), 40)).contains("1 to 40");
    assertThat(DisplayName.problem("x".repeat(40), 40)).isNull();
  }
}
