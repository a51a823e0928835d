package org.palmares.platform.http;

import java.time.Clock;
import org.palmares.platform.account.AccessTokens;
import org.palmares.platform.account.AccountRepository;
import org.palmares.platform.account.LoginThrottle;
import org.palmares.platform.account.PasswordResets;
import org.palmares.platform.account.Sessions;
import org.palmares.platform.audit.AuditLog;
import org.palmares.platform.challenge.ChallengeCatalog;
import org.palmares.platform.challenge.ChallengeService;
import org.palmares.platform.evaluation.EvaluatorCredentials;
import org.palmares.platform.evaluation.ResultRecords;
import org.palmares.platform.leaderboard.BoardStore;
import org.palmares.platform.organizer.OrganizerService;
import org.palmares.platform.storage.BlobStore;
import org.palmares.platform.submission.SubmissionService;
import org.palmares.platform.team.TeamRepository;
import org.palmares.platform.team.NextStep;
import org.palmares.platform.team.TeamService;

/** What the HTTP edge works with: the platform's domain services, built once by {@code Platform}. */
public record Services(
    ChallengeCatalog challenges,
    ChallengeService challengeService,
    AccountRepository accounts,
    AccessTokens tokens,
    Sessions sessions,
    LoginThrottle loginThrottle,
    TeamRepository teams,
    TeamService teamService,
    SubmissionService submissions,
    BoardStore leaderboards,
    BlobStore blobs,
    EvaluatorCredentials evaluatorCredentials,
    AuditLog audit,
    Clock clock,
    PasswordResets passwordResets,
    OrganizerService organizers,
    NextStep nextStep,
    ResultRecords resultRecords) {}
