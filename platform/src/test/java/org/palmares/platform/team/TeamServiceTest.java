package org.palmares.platform.team;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.platform.account.Account;
import org.palmares.platform.account.AccountRepository;
import org.palmares.platform.challenge.Challenge;
import org.palmares.platform.challenge.ChallengeCatalog;
import org.palmares.platform.storage.MongoConnection;
import org.palmares.platform.testing.Bundles;
import org.palmares.platform.testing.MutableClock;

/** Teams, invitations and rules acceptance, against the embedded database. */
class TeamServiceTest {
  @TempDir Path data;
  private MongoConnection mongo;
  private MutableClock clock;
  private AccountRepository accounts;
  private TeamRepository teams;
  private TeamService service;
  private Challenge challenge;
  private final Set<String> submitted = new HashSet<>();
  private int people;

  @BeforeEach
  void setUp() throws Exception {
    Path bundle = Bundles.demoCopy(data.resolve("bundles"), "teams-demo",
        y -> y.replace("maxTeamSize: 5", "maxTeamSize: 3"));
    challenge = ChallengeCatalog.readBundle(bundle);
    mongo = MongoConnection.embedded(data.resolve("db"));
    clock = new MutableClock(Instant.parse("2026-06-10T09:00:00Z"));
    accounts = new AccountRepository(mongo.database());
    teams = new TeamRepository(mongo.database());
    service = new TeamService(teams, new RulesAcceptances(mongo.database()), submitted::contains, clock);
  }

  @AfterEach
  void tearDown() {
    mongo.close();
  }

  private Account person() {
    people++;
    return accounts.register("p" + people + "@example.org", "Person " + people, "a long enough passphrase",
        clock.instant());
  }

  private Account competitor() {
    Account a = person();
    service.acceptRules(a, challenge, challenge.rules().version());
    return a;
  }

  @Test
  void theBundleSetsTheTeamSize() {
    assertThat(challenge.maxTeamSize()).isEqualTo(3);
  }

  @Test
  void nobodyTakesPartBeforeAcceptingTheCurrentRulesWhoseVersionAndTimeAreKept() {
    Account ada = person();
    assertThatThrownBy(() -> service.create(ada, challenge, "ada's team"))
        .isInstanceOfSatisfying(TeamException.class,
            e -> assertThat(e.reason()).isEqualTo(TeamException.Reason.RULES_NOT_ACCEPTED));
    assertThatThrownBy(() -> service.acceptRules(ada, challenge, challenge.rules().version() + 1))
        .isInstanceOfSatisfying(TeamException.class,
            e -> assertThat(e.reason()).isEqualTo(TeamException.Reason.WRONG_RULES_VERSION));

    RulesAcceptances.Acceptance accepted = service.acceptRules(ada, challenge, 1);
    clock.advance(java.time.Duration.ofHours(1));
    service.acceptRules(ada, challenge, 1);

    assertThat(accepted).isEqualTo(new RulesAcceptances.Acceptance(1, Instant.parse("2026-06-10T09:00:00Z")));
    assertThat(service.acceptance(ada, challenge)).contains(accepted);
    assertThat(service.create(ada, challenge, "ada's team").members()).containsExactly(ada.id());
  }

  @Test
  void aPersonIsInOneTeamPerChallenge() {
    Account ada = competitor();
    Team first = service.create(ada, challenge, "first");

    assertThatThrownBy(() -> service.create(ada, challenge, "second"))
        .isInstanceOfSatisfying(TeamException.class,
            e -> assertThat(e.reason()).isEqualTo(TeamException.Reason.ALREADY_IN_TEAM));
    Account bob = competitor();
    Team bobs = service.create(bob, challenge, "bobs");
    String code = service.invite(bob, challenge);
    assertThatThrownBy(() -> service.join(ada, challenge, code))
        .isInstanceOfSatisfying(TeamException.class,
            e -> assertThat(e.reason()).isEqualTo(TeamException.Reason.ALREADY_IN_TEAM));
    assertThat(service.teamOf(ada, challenge)).map(Team::id).contains(first.id());
    assertThat(teams.find(bobs.id()).orElseThrow().members()).containsExactly(bob.id());
    // the code was not used up by a refused join
    Account carol = competitor();
    assertThat(service.join(carol, challenge, code).members()).containsExactly(bob.id(), carol.id());
  }

  @Test
  void teamNamesAreUniquePerChallengeWhateverTheCase() {
    service.create(competitor(), challenge, "Onco Lab");
    assertThatThrownBy(() -> service.create(competitor(), challenge, "onco lab"))
        .isInstanceOfSatisfying(TeamException.class,
            e -> assertThat(e.reason()).isEqualTo(TeamException.Reason.NAME_TAKEN));
  }

  @Test
  void anInvitationCodeWorksOnceAndExpires() {
    Account ada = competitor();
    service.create(ada, challenge, "ada's team");
    String code = service.invite(ada, challenge);
    service.join(competitor(), challenge, code);

    assertThatThrownBy(() -> service.join(competitor(), challenge, code))
        .isInstanceOfSatisfying(TeamException.class,
            e -> assertThat(e.reason()).isEqualTo(TeamException.Reason.UNKNOWN_CODE));
    String late = service.invite(ada, challenge);
    clock.advance(TeamService.INVITATION_LIFETIME);
    assertThatThrownBy(() -> service.join(competitor(), challenge, late))
        .isInstanceOfSatisfying(TeamException.class,
            e -> assertThat(e.reason()).isEqualTo(TeamException.Reason.UNKNOWN_CODE));
    assertThat(mongo.database().getCollection("invitations").find().first().toJson()).doesNotContain(late);
  }

  @Test
  void racingJoinsNeverOverfillATeam() throws Exception {
    Account founder = competitor();
    Team team = service.create(founder, challenge, "crowded");
    List<String> codes = new ArrayList<>();
    List<Account> joiners = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      codes.add(service.invite(founder, challenge));
      joiners.add(competitor());
    }
    ExecutorService pool = Executors.newFixedThreadPool(10);
    List<Future<Team>> joins = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      int n = i;
      joins.add(pool.submit(() -> service.join(joiners.get(n), challenge, codes.get(n))));
    }
    int joined = 0;
    int full = 0;
    for (Future<Team> f : joins) {
      try {
        f.get();
        joined++;
      } catch (ExecutionException e) {
        assertThat(e.getCause()).isInstanceOfSatisfying(TeamException.class,
            t -> assertThat(t.reason()).isEqualTo(TeamException.Reason.TEAM_FULL));
        full++;
      }
    }
    pool.shutdown();
    assertThat(joined).isEqualTo(2);
    assertThat(full).isEqualTo(8);
    assertThat(teams.find(team.id()).orElseThrow().members()).hasSize(3);
    // the refused ones are in no team and may found their own
    long teamless = joiners.stream().filter(a -> service.teamOf(a, challenge).isEmpty()).count();
    assertThat(teamless).isEqualTo(8);
  }

  @Test
  void membersMayLeaveUntilTheTeamHasSubmitted() {
    Account ada = competitor();
    Team team = service.create(ada, challenge, "ada's team");
    Account bob = competitor();
    service.join(bob, challenge, service.invite(ada, challenge));

    service.leave(bob, challenge);
    assertThat(service.teamOf(bob, challenge)).isEmpty();
    assertThat(teams.find(team.id()).orElseThrow().members()).containsExactly(ada.id());
    service.create(bob, challenge, "bob's own");

    submitted.add(team.id());
    assertThatThrownBy(() -> service.leave(ada, challenge))
        .isInstanceOfSatisfying(TeamException.class,
            e -> assertThat(e.reason()).isEqualTo(TeamException.Reason.TEAM_HAS_SUBMITTED));
    assertThat(service.teamOf(ada, challenge)).map(Team::id).contains(team.id());
  }

  @Test
  void organizersDoNotCompeteInTheirChallenge() {
    Account olga = competitor();
    service.create(olga, challenge, "olga's team");
    accounts.grantOrganizer(olga.id(), challenge.slug());
    Account organizer = accounts.find(olga.id()).orElseThrow();
    Account oscar = competitor();
    accounts.grantOrganizer(oscar.id(), challenge.slug());

    assertThatThrownBy(() -> service.create(accounts.find(oscar.id()).orElseThrow(), challenge, "insiders"))
        .isInstanceOfSatisfying(TeamException.class,
            e -> assertThat(e.reason()).isEqualTo(TeamException.Reason.ORGANIZER));
    // appointed after joining a team: no longer submits for it
    assertThatThrownBy(() -> service.submittingTeam(organizer, challenge))
        .isInstanceOfSatisfying(TeamException.class,
            e -> assertThat(e.reason()).isEqualTo(TeamException.Reason.ORGANIZER));
  }

  @Test
  void submittingNeedsATeamAndTheCurrentRules() {
    Account ada = competitor();
    assertThatThrownBy(() -> service.submittingTeam(ada, challenge))
        .isInstanceOfSatisfying(TeamException.class,
            e -> assertThat(e.reason()).isEqualTo(TeamException.Reason.NOT_IN_TEAM));
    Team team = service.create(ada, challenge, "ada's team");
    assertThat(service.submittingTeam(ada, challenge).id()).isEqualTo(team.id());
  }

  @Test
  void teamsFromBeforeAccountsKeepTheirNameAndIdentity() {
    // as the token teams' repository left them: unique indexes on the token hash and on challenge + name
    var legacy = mongo.database().getCollection("teams");
    legacy.createIndex(com.mongodb.client.model.Indexes.ascending("tokenHash"),
        new com.mongodb.client.model.IndexOptions().unique(true));
    legacy.createIndex(com.mongodb.client.model.Indexes.ascending("challenge", "name"),
        new com.mongodb.client.model.IndexOptions().unique(true));
    mongo.database().getCollection("teams").insertOne(new org.bson.Document("_id", "team_legacy")
        .append("challenge", challenge.slug()).append("name", "baseline-logreg").append("tokenHash", "abc")
        .append("createdAt", java.util.Date.from(clock.instant())));

    TeamRepository reopened = new TeamRepository(mongo.database());

    assertThat(reopened.findOrCreateInternal(challenge.slug(), "baseline-logreg", clock.instant()).id())
        .isEqualTo("team_legacy");
    assertThat(reopened.find("team_legacy").orElseThrow().members()).isEmpty();
    assertThat(mongo.database().getCollection("teams").find().first().containsKey("tokenHash")).isFalse();
    // and new teams (no token hash) can be made beside it
    Account ada = competitor();
    Account bob = competitor();
    service.create(ada, challenge, "ada's team");
    new TeamService(reopened, new RulesAcceptances(mongo.database()), submitted::contains, clock)
        .create(bob, challenge, "bob's team");
    assertThat(mongo.database().getCollection("teams").countDocuments()).isEqualTo(3);
  }
}
