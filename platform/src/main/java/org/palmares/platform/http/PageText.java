package org.palmares.platform.http;

import java.util.Map;
import org.palmares.platform.challenge.Text;

/** The pages' own words, in English and French (challenge texts come from their bundles). */
final class PageText {
  private PageText() {}

  private static final Map<String, Text> WORDS = Map.ofEntries(
      Map.entry("challenges", new Text("Challenges", "Défis")),
      Map.entry("all-challenges", new Text("All challenges", "Tous les défis")),
      Map.entry("none-open", new Text("No challenge is open yet.", "Aucun défi n'est encore ouvert.")),
      Map.entry("phases", new Text("Phases", "Phases")),
      Map.entry("leaderboard", new Text("Leaderboard", "Classement")),
      Map.entry("board-note", new Text(
          "Public part of the hidden test set; ranked by %s (%s is better; %s submission per team), rounded to %d"
              + " decimals, with 95%% bootstrap confidence intervals.",
          "Partie publique du jeu de test caché ; classement par %s (plus %s est meilleur ; %s soumission par"
              + " équipe), arrondi à %d décimales, avec intervalles de confiance bootstrap à 95 %%.")),
      Map.entry("higher", new Text("higher", "haut")),
      Map.entry("lower", new Text("lower", "bas")),
      Map.entry("best", new Text("best", "meilleure")),
      Map.entry("latest", new Text("latest", "dernière")),
      Map.entry("no-scores", new Text("No submission has been scored yet.", "Aucune soumission n'a encore été notée.")),
      Map.entry("private-board", new Text("Private leaderboard (final ranking)", "Classement privé (classement final)")),
      Map.entry("private-later", new Text("The private leaderboard is revealed when the organizers decide.",
          "Le classement privé sera révélé quand les organisateurs le décideront.")),
      Map.entry("private-at", new Text("The private leaderboard is revealed at", "Le classement privé sera révélé le")),
      Map.entry("as-json", new Text("Also as JSON:", "Aussi en JSON :")),
      Map.entry("data", new Text("Data", "Données")),
      Map.entry("licence", new Text("Licence", "Licence")),
      Map.entry("limits", new Text("Limits of a run", "Limites d'une exécution")),
      Map.entry("limits-line", new Text("%s CPU, %d MiB memory, %d s wall clock, %d MiB of output, no network.",
          "%s CPU, %d Mio de mémoire, %d s de temps réel, %d Mio de sortie, aucun réseau.")),
      Map.entry("open", new Text("open", "ouverte")),
      Map.entry("upcoming", new Text("upcoming", "à venir")),
      Map.entry("closed", new Text("closed", "fermée")),
      Map.entry("per-day", new Text("%d submissions a day", "%d soumissions par jour")),
      Map.entry("in-all", new Text("%d in all", "%d en tout")),
      Map.entry("rank", new Text("Rank", "Rang")),
      Map.entry("team", new Text("Team", "Équipe")),
      Map.entry("ci", new Text("95% CI", "IC 95 %")),
      Map.entry("submissions", new Text("Submissions", "Soumissions")),
      Map.entry("last", new Text("Last submission (UTC)", "Dernière soumission (UTC)")));

  /** The words for {@code key} in {@code lang}. */
  static String of(String key, String lang) {
    Text t = WORDS.get(key);
    if (t == null) {
      throw new IllegalArgumentException("no page text " + key);
    }
    return t.in(lang);
  }
}
