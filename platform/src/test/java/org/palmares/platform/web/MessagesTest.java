package org.palmares.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The bundles: the same keys in both languages, every pattern readable, plurals right in each. */
class MessagesTest {
  private final Messages en = Messages.of(Language.EN);
  private final Messages fr = Messages.of(Language.FR);

  @Test
  void everyMessageExistsInBothLanguages() {
    assertThat(new TreeSet<>(fr.keys())).isEqualTo(new TreeSet<>(en.keys()));
  }

  @Test
  void everyPatternIsReadableAndHasNoAsciiApostropheThatMessageFormatWouldEat() {
    for (Messages m : new Messages[] {en, fr}) {
      for (String key : m.keys()) {
        String pattern = java.util.ResourceBundle.getBundle("i18n.messages", m.language().locale(),
            java.util.ResourceBundle.Control.getNoFallbackControl(java.util.ResourceBundle.Control.FORMAT_PROPERTIES))
            .getString(key);
        assertThat(pattern).as(m.language() + " " + key).doesNotContain("'");
        new MessageFormat(pattern, Locale.ROOT); // throws on a malformed pattern
      }
    }
  }

  @Test
  void pluralsFollowEachLanguagesRule() {
    assertThat(en.t("take-part.your-team", "A", 1, 5)).isEqualTo("Your team “A”: one member of at most 5.");
    assertThat(en.t("take-part.your-team", "A", 3, 5)).isEqualTo("Your team “A”: 3 members of at most 5.");
    assertThat(fr.t("take-part.your-team", "A", 1, 5)).isEqualTo("Votre équipe « A » : un membre sur 5 au plus.");
    assertThat(fr.t("take-part.your-team", "A", 2, 5)).isEqualTo("Votre équipe « A » : 2 membres sur 5 au plus.");
    assertThat(en.t("refusal.retry-in", 1L)).isEqualTo("Try again in one second.");
    assertThat(fr.t("refusal.retry-in", 600L)).isEqualTo("Réessayez dans 600 secondes.");
    assertThat(en.t("timeline.quota", 10, -1)).isEqualTo("10 submissions a day, no limit in all");
    assertThat(fr.t("timeline.quota", 1, 200)).isEqualTo("une soumission par jour, 200 au total");
  }

  @Test
  void numbersAreWrittenTheLanguagesWay() {
    assertThat(Format.decimal(0.9986, 4, Language.EN)).isEqualTo("0.9986");
    assertThat(Format.decimal(0.9986, 4, Language.FR)).isEqualTo("0,9986");
    assertThat(Format.bytes(75_864, Language.EN)).isEqualTo("74.1 KiB");
    assertThat(Format.bytes(75_864, Language.FR)).isEqualTo("74,1 Kio");
  }

  @Test
  void everyCategoryOfAFailedRunIsSaidInBothLanguages() {
    for (Language language : Language.values()) {
      Messages m = Messages.of(language);
      for (org.palmares.evaluator.protocol.ProblemKind kind : org.palmares.evaluator.protocol.ProblemKind.values()) {
        String key = "problem." + kind.name();
        assertThat(m.t(key, "score")).as(language + " " + key).isNotEqualTo(key).doesNotContain("{0}");
        if (kind.namesColumn()) {
          assertThat(m.t(key, "score")).as(language + " " + key).contains("score");
          assertThat(m.t(key + ".no-column")).as(language + " " + key + ".no-column").isNotEqualTo(key + ".no-column");
        }
      }
    }
  }
}
