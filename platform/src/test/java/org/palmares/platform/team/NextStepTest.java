package org.palmares.platform.team;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.platform.account.AccessTokens;
import org.palmares.platform.account.Account;
import org.palmares.platform.account.AccountRepository;
import org.palmares.platform.challenge.Challenge;
import org.palmares.platform.challenge.ChallengeCatalog;
import org.palmares.platform.storage.MongoConnection;
import org.palmares.platform.testing.Bundles;
import org.palmares.platform.testing.MutableClock;

/** The guided path after registering: rules, team, token, submit; challenges they organize or that are closed left out. */
class NextStepTest {
  @TempDir Path data;
  private MongoConnection mongo;
  private MutableClock clock;
  private AccountRepository accounts;
  private AccessTokens tokens;
  private TeamService teams;
  private ChallengeCatalog catalog;
  private NextStep next;

  @BeforeEach
  void setUp() throws Exception {
    Bundles.demoCopy(data.resolve("bundles"), "open-one", y -> y);
    Bundles.demoCopy(data.resolve("bundles"), "closed-one", y -> y.replace("closes: 2027-12-31T23:59:59Z",
        "closes: 2026-02-01T00:00:00Z"));
    catalog = ChallengeCatalog.load(data.resolve("bundles"));
    mongo = MongoConnection.embedded(data.resolve("db"));
    clock = new MutableClock(Instant.parse("2026-06-10T09:00:00Z"));
    accounts = new AccountRepository(mongo.database());
    tokens = new AccessTokens(mongo.database(), accounts);
    teams = new TeamService(new TeamRepository(mongo.database()), new RulesAcceptances(mongo.database()), id -> false,
        clock);
    next = new NextStep(catalog, teams, tokens, clock);
  }

  @AfterEach
  void tearDown() {
    mongo.close();
  }

  @Test
  void aNewCompetitorIsLedThroughRulesTeamTokenThenSubmitInOpenChallengesOnly() {
    Account ada = accounts.register("ada@example.org", "Ada", "a long enough passphrase", clock.instant());
    Challenge open = catalog.find("open-one").orElseThrow();

    assertThat(next.of(ada)).singleElement().satisfies(p -> {
      assertThat(p.challenge().slug()).isEqualTo("open-one");
      assertThat(p.step()).isEqualTo(NextStep.Step.ACCEPT_RULES);
    });
    teams.acceptRules(ada, open, open.rules().version());
    assertThat(next.of(ada).get(0).step()).isEqualTo(NextStep.Step.FORM_TEAM);
    teams.create(ada, open, "Ada's team");
    assertThat(next.of(ada).get(0)).satisfies(p -> {
      assertThat(p.step()).isEqualTo(NextStep.Step.CREATE_TOKEN);
      assertThat(p.team()).isEqualTo("Ada's team");
    });
    tokens.issue(ada.id(), "laptop", 30, clock.instant());
    assertThat(next.of(ada).get(0).step()).isEqualTo(NextStep.Step.SUBMIT);
  }

  @Test
  void anOrganizerIsNotLedToCompeteInTheirOwnChallenge() {
    Account olga = accounts.register("olga@example.org", "Olga", "a long enough passphrase", clock.instant());
    accounts.grantOrganizer(olga.id(), "open-one");

    assertThat(next.of(accounts.find(olga.id()).orElseThrow())).isEmpty();
  }
}
