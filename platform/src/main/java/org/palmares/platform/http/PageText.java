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
      Map.entry("last", new Text("Last submission (UTC)", "Dernière soumission (UTC)")),
      Map.entry("log-in", new Text("Log in", "Se connecter")),
      Map.entry("log-out", new Text("Log out", "Se déconnecter")),
      Map.entry("register", new Text("Register", "Créer un compte")),
      Map.entry("email", new Text("E-mail", "Courriel")),
      Map.entry("password", new Text("Password", "Mot de passe")),
      Map.entry("name", new Text("Name", "Nom")),
      Map.entry("password-rule", new Text("At least 10 characters; a passphrase is best.", "Au moins 10 caractères ; une phrase de passe est idéale.")),
      Map.entry("password-changed", new Text("Password changed; your other sessions were logged out.", "Mot de passe modifié ; vos autres sessions ont été fermées.")),
      Map.entry("token-once", new Text("Your new token, shown this once (copy it now; send it as 'Authorization: Bearer <token>'):", "Votre nouveau jeton, affiché cette seule fois (copiez-le maintenant ; envoyez-le comme « Authorization: Bearer <jeton> ») :")),
      Map.entry("token-revoked", new Text("Token revoked.", "Jeton révoqué.")),
      Map.entry("tokens-revoked", new Text("Password changed; your other sessions were logged out and your %d personal access token(s) revoked.",
          "Mot de passe modifié ; vos autres sessions ont été fermées et vos %d jeton(s) d'accès révoqué(s).")),
      Map.entry("revoke-tokens", new Text("Also revoke all my personal access tokens (scripts will need a new one)",
          "Révoquer aussi tous mes jetons d'accès personnels (les scripts en demanderont un nouveau)")),
      Map.entry("registered", new Text("Registration received. If this address had no account, it has one now: log in. "
          + "If it already had one, nothing changed: log in with that account's password, or ask the platform's "
          + "operator to give it a new one.", "Inscription reçue. Si cette adresse n'avait pas de compte, elle en a un : "
          + "connectez-vous. Si elle en avait déjà un, rien n'a changé : connectez-vous avec son mot de passe, ou demandez "
          + "à l'opérateur de la plateforme de lui en donner un nouveau.")),
      Map.entry("rules-accepted", new Text("Rules accepted.", "Règlement accepté.")),
      Map.entry("team-created", new Text("Team %s created.", "Équipe %s créée.")),
      Map.entry("team-joined", new Text("You joined team %s.", "Vous avez rejoint l'équipe %s.")),
      Map.entry("team-left", new Text("You left your team.", "Vous avez quitté votre équipe.")),
      Map.entry("invitation", new Text("Invitation code (works once, for 7 days): %s", "Code d'invitation (valable une fois, pendant 7 jours) : %s")),
      Map.entry("take-part", new Text("Take part", "Participer")),
      Map.entry("log-in-to-take-part", new Text("<a href=\"%s\">Log in</a> or <a href=\"%s\">register</a> to take part.", "<a href=\"%s\">Connectez-vous</a> ou <a href=\"%s\">créez un compte</a> pour participer.")),
      Map.entry("you-organize", new Text("You organize this challenge, so you do not compete in it.", "Vous organisez ce défi : vous n'y concourez pas.")),
      Map.entry("accept-rules", new Text("I accept these rules (version %d)", "J'accepte ce règlement (version %d)")),
      Map.entry("team-name", new Text("Team name", "Nom de l'équipe")),
      Map.entry("create-team", new Text("Create a team", "Créer une équipe")),
      Map.entry("code", new Text("Invitation code", "Code d'invitation")),
      Map.entry("join-team", new Text("Join a team", "Rejoindre une équipe")),
      Map.entry("your-team", new Text("Your team: %s (%d of at most %d members):", "Votre équipe : %s (%d membre(s) sur %d au plus) :")),
      Map.entry("invite", new Text("Invite someone (one-time code)", "Inviter quelqu'un (code à usage unique)")),
      Map.entry("leave-team", new Text("Leave the team", "Quitter l'équipe")),
      Map.entry("how-to-submit", new Text("Submit an image archive ('docker save IMAGE') with a personal access token from your account page:", "Soumettez une archive d'image (« docker save IMAGE ») avec un jeton d'accès personnel de votre page de compte :")),
      Map.entry("admin", new Text("Platform admin", "Administrateur de la plateforme")),
      Map.entry("organizer-of", new Text("Organizer of:", "Organisateur de :")),
      Map.entry("teams", new Text("Teams", "Équipes")),
      Map.entry("no-team", new Text("You are in no team yet.", "Vous n'êtes encore dans aucune équipe.")),
      Map.entry("tokens", new Text("Personal access tokens", "Jetons d'accès personnels")),
      Map.entry("tokens-note", new Text("For the API (submitting from a terminal or a script). Each is shown once, expires, and can be revoked.", "Pour l'API (soumettre depuis un terminal ou un script). Chacun est affiché une fois, expire et peut être révoqué.")),
      Map.entry("created", new Text("Created (UTC)", "Créé (UTC)")),
      Map.entry("expires", new Text("Expires (UTC)", "Expire (UTC)")),
      Map.entry("last-used", new Text("Last used", "Dernière utilisation")),
      Map.entry("revoke", new Text("Revoke", "Révoquer")),
      Map.entry("revoked", new Text("revoked", "révoqué")),
      Map.entry("expired", new Text("expired", "expiré")),
      Map.entry("days", new Text("Days", "Jours")),
      Map.entry("new-token", new Text("Create a token", "Créer un jeton")),
      Map.entry("current-password", new Text("Current password", "Mot de passe actuel")),
      Map.entry("new-password", new Text("New password", "Nouveau mot de passe")),
      Map.entry("change-password", new Text("Change the password", "Changer le mot de passe")),
      Map.entry("refused", new Text("Not done", "Non effectué")),
      Map.entry("unavailable", new Text("Temporarily unavailable", "Momentanément indisponible")),
      Map.entry("database-away", new Text("The platform's database is not answering for the moment. Nothing is lost:"
          + " this page will work again as soon as it is back.", "La base de données de la plateforme ne répond pas"
          + " pour le moment. Rien n'est perdu : cette page fonctionnera de nouveau dès son retour.")),
      Map.entry("disk-full", new Text("The platform's disk is full, so this could not be kept. The operators have to"
          + " make room.", "Le disque de la plateforme est plein : rien n'a pu être enregistré. Les opérateurs"
          + " doivent libérer de la place.")),
      Map.entry("retry-in", new Text("Try again in %d seconds.", "Réessayez dans %d secondes.")));

  /** The words for {@code key} in {@code lang}. */
  static String of(String key, String lang) {
    Text t = WORDS.get(key);
    if (t == null) {
      throw new IllegalArgumentException("no page text " + key);
    }
    return t.in(lang);
  }
}
