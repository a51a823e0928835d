package org.palmares.platform.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.palmares.platform.submission.SiteEvaluation;
import org.palmares.platform.submission.Submission;

/**
 * The one sentence that tells a team where a multi-site submission stands, e.g. "scored at 1 of
 * 2 sites; pending at site de" (built here only, for the API and the pages, in each language). A
 * site's refusal or withheld result is said as the site's doing, never as a failure of the team.
 */
public final class SiteStatusLine {
  private SiteStatusLine() {}

  /** The line in {@code messages}' language, or null for a single-site submission. */
  public static String of(Submission s, Messages messages) {
    if (!s.multiSite()) {
      return null;
    }
    Map<String, SiteEvaluation> sites = s.sites();
    List<String> pending = new ArrayList<>();
    List<String> awaiting = new ArrayList<>();
    List<String> withheld = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    int scored = 0;
    for (SiteEvaluation e : sites.values()) {
      switch (e.status()) {
        case QUEUED, RUNNING -> pending.add(e.site());
        case AWAITING_RELEASE -> awaiting.add(e.site());
        case SCORED -> scored++;
        case WITHHELD -> withheld.add(e.site());
        case REFUSED -> refused.add(e.site());
        case FAILED -> failed.add(e.site());
      }
    }
    List<String> parts = new ArrayList<>();
    boolean allFinished = sites.values().stream().allMatch(e -> e.status().terminal());
    if (scored > 0 || allFinished) {
      parts.add(messages.t("sites.scored", scored, sites.size()));
    }
    add(parts, messages, "sites.pending", pending);
    add(parts, messages, "sites.awaiting", awaiting);
    add(parts, messages, "sites.withheld", withheld);
    add(parts, messages, "sites.refused", refused);
    add(parts, messages, "sites.failed", failed);
    return String.join("; ", parts);
  }

  /** The line in each language, for the API. */
  public static Map<String, String> inEachLanguage(Submission s) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (Language l : Language.values()) {
      out.put(l.tag(), of(s, Messages.of(l)));
    }
    return out;
  }

  private static void add(List<String> parts, Messages messages, String key, List<String> sites) {
    if (!sites.isEmpty()) {
      parts.add(messages.t(key, String.join(", ", sites), sites.size()));
    }
  }
}
