package org.palmares.evaluator.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The policy file: what a good one says, and a message naming the line for each kind of mistake. */
class PolicyFileTest {
  static final String DIGEST = "sha256:" + "ab".repeat(32);
  static final String GOOD = """
      # the German site
      site: de
      challenges: [breast-cancer-recurrence, breast-cancer-diagnosis]
      ceilings:
        cpus: 2
        memoryMiB: 4096
        wallClockSeconds: 600
        gpus: 0
      scoringImages:
        - %s
      minCellCount: 3
      countMetrics: [lesions_found]
      release: manual
      outbox: /var/lib/palmares/outbox
      """.formatted(DIGEST);

  @Test
  void aGoodFileSaysWhatTheSiteAllows(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("policy.yaml"), GOOD);
    SitePolicy policy = PolicyFile.read(file);
    assertThat(policy.site()).isEqualTo("de");
    assertThat(policy.challenges()).containsExactlyInAnyOrder("breast-cancer-recurrence", "breast-cancer-diagnosis");
    assertThat(policy.ceilings()).isEqualTo(new Ceilings(2.0, 4096L, 600L, 0));
    assertThat(policy.scoringImages()).containsExactly(DIGEST);
    assertThat(policy.minCellCount()).isEqualTo(3);
    assertThat(policy.countMetrics()).containsExactly("lesions_found");
    assertThat(policy.release()).isEqualTo(Release.MANUAL);
    assertThat(policy.outbox()).isEqualTo(Path.of("/var/lib/palmares/outbox"));
  }

  @Test
  void whatIsLeftOutHasTheStrictDefault() throws Exception {
    SitePolicy policy = PolicyFile.parse("p.yaml", "site: nl\nchallenges: [c]\nrelease: automatic\n");
    assertThat(policy.ceilings()).isEqualTo(Ceilings.NONE);
    assertThat(policy.scoringImages()).as("no scoring image is accepted unless listed").isEmpty();
    assertThat(policy.minCellCount()).isEqualTo(SitePolicy.DEFAULT_MIN_CELL_COUNT);
    assertThat(policy.release()).isEqualTo(Release.AUTOMATIC);
    assertThat(policy.outbox()).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      not YAML                | site: de\\nchallenges: [c\\nrelease: manual                    | p.yaml line 3: not valid YAML
      unknown key             | site: de\\nchallenges: [c]\\nrelase: manual                    | p.yaml line 3: unknown key 'relase' in the policy
      misspelt ceiling        | site: de\\nchallenges: [c]\\nrelease: manual\\nceilings:\\n  cpu: 2 | p.yaml line 5: unknown key 'cpu' in ceilings
      no site                 | challenges: [c]\\nrelease: manual                                | p.yaml line 1: the policy has no 'site'
      no release              | site: de\\nchallenges: [c]                                      | p.yaml line 1: the policy has no 'release'
      bad release             | site: de\\nchallenges: [c]\\nrelease: sometimes                  | p.yaml line 3: release must be 'automatic' or 'manual', not 'sometimes'
      bad site name           | site: DE!\\nchallenges: [c]\\nrelease: manual                    | p.yaml line 1: site must be a site name
      no challenge            | site: de\\nchallenges: []\\nrelease: manual                      | p.yaml line 2: challenges lists no challenge
      challenges not a list   | site: de\\nchallenges: c\\nrelease: manual                       | p.yaml line 2: challenges must be a list
      bad cpus                | site: de\\nchallenges: [c]\\nrelease: manual\\nceilings:\\n  cpus: two | p.yaml line 5: ceilings.cpus must be a positive number of cores (e.g. 2 or 0.5), not 'two'
      negative memory         | site: de\\nchallenges: [c]\\nrelease: manual\\nceilings:\\n  memoryMiB: -1 | p.yaml line 5: ceilings.memoryMiB must be a whole number from 1
      fractional gpus         | site: de\\nchallenges: [c]\\nrelease: manual\\nceilings:\\n  gpus: 1.5 | p.yaml line 5: ceilings.gpus must be a whole number from 0 to 1024, not '1.5'
      zero min cell count     | site: de\\nchallenges: [c]\\nrelease: manual\\nminCellCount: 0    | p.yaml line 4: minCellCount must be a whole number from 1
      image by tag            | site: de\\nchallenges: [c]\\nrelease: manual\\nscoringImages: [scorer:latest] | p.yaml line 4: 'scorer:latest' in scoringImages is not an image digest
      key twice               | site: de\\nchallenges: [c]\\nrelease: manual\\nsite: nl           | p.yaml line 4: key 'site' is given twice
      list entry twice        | site: de\\nchallenges: [c, c]\\nrelease: manual                  | p.yaml line 2: 'c' is listed twice in challenges
      not a mapping           | - site: de                                                      | p.yaml line 1: the policy must be a mapping
      """)
  void eachMistakeIsReportedWithItsLine(String kind, String text, String message) {
    assertThatThrownBy(() -> PolicyFile.parse("p.yaml", text.replace("\\n", "\n")))
        .isInstanceOf(PolicyFile.PolicyFileException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void anEmptyOrMissingFileIsRefused(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> PolicyFile.read(Files.writeString(dir.resolve("empty.yaml"), "")))
        .hasMessageContaining("empty.yaml: the site policy file is empty");
    assertThatThrownBy(() -> PolicyFile.read(dir.resolve("absent.yaml")))
        .hasMessageContaining("cannot read the site policy file").hasMessageContaining("absent.yaml");
  }
}
