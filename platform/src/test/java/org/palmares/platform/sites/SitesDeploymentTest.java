package org.palmares.platform.sites;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.palmares.evaluator.site.PolicyFile;
import org.palmares.platform.challenge.BundleReader;
import org.palmares.platform.testing.Fixtures;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.sites.yml says what the issue asks of the real deployment: each site on a network
 * of its own that holds only itself and the platform (so a site reaches the platform and nothing
 * else), the database on a network sites are not on, one site service per site the demo challenge
 * declares, reading that site's copy of the bundle, with its token as a secret.
 */
class SitesDeploymentTest {
  private static final Path ROOT = Fixtures.repoRoot();

  @SuppressWarnings("unchecked")
  private static Map<String, Object> yaml(Path file) throws Exception {
    return new Yaml().load(Files.readString(file));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> section(Map<String, Object> compose, String key) {
    return (Map<String, Map<String, Object>>) compose.get(key);
  }

  @SuppressWarnings("unchecked")
  private static Set<String> networksOf(Map<String, Object> service) {
    Object networks = service.get("networks");
    return networks instanceof Map<?, ?> m ? new TreeSet<>((Set<String>) m.keySet())
        : new TreeSet<>((List<String>) networks);
  }

  @SuppressWarnings("unchecked")
  private static List<String> declaredSites() throws Exception {
    Map<String, Object> challenge = yaml(ROOT.resolve("challenges/breast-cancer-two-sites/challenge.yaml"));
    return ((List<Map<String, Object>>) challenge.get("sites")).stream().map(s -> (String) s.get("name")).toList();
  }

  @Test
  void eachSiteIsAloneWithThePlatformOnAnInternalNetworkOfItsOwn() throws Exception {
    Map<String, Object> compose = yaml(ROOT.resolve("docker-compose.sites.yml"));
    Map<String, Map<String, Object>> services = section(compose, "services");
    Map<String, Map<String, Object>> networks = section(compose, "networks");

    for (String site : declaredSites()) {
      Map<String, Object> service = services.get("site-" + site);
      assertThat(service).as("a service for site %s", site).isNotNull();
      assertThat(networksOf(service)).as("site %s's networks", site).containsExactly("site-" + site);
      assertThat(networks.get("site-" + site)).as("site-%s network", site).containsEntry("internal", true);
      Set<String> members = services.entrySet().stream().filter(e -> networksOf(e.getValue()).contains("site-" + site))
          .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
      assertThat(members).as("who is on site %s's network", site).containsExactly("platform", "site-" + site);
      assertThat(service).as("site %s publishes no port", site).doesNotContainKey("ports");
      assertThat(String.join(" ", (List<String>) service.get("command")))
          .contains("evaluate").contains("--challenges ${PALMARES_HOME}/sites/" + site)
          .contains("--token-file /run/secrets/site-" + site + "-token").contains("--policy /etc/palmares/policy.yaml");
      assertThat((List<String>) service.get("volumes")).as("site %s reads its own policy file", site)
          .contains("${PALMARES_HOME}/sites/" + site + "/policy.yaml:/etc/palmares/policy.yaml:ro");
      assertThat((List<String>) service.get("secrets")).containsExactly("site-" + site + "-token");
    }
  }

  @Test
  void theDatabaseIsReachedByThePlatformAloneAndOnlyThePlatformPublishesAPort() throws Exception {
    Map<String, Object> compose = yaml(ROOT.resolve("docker-compose.sites.yml"));
    Map<String, Map<String, Object>> services = section(compose, "services");

    Set<String> mongoNetworks = networksOf(services.get("mongo"));
    for (String network : mongoNetworks) {
      assertThat(section(compose, "networks").get(network)).containsEntry("internal", true);
      Set<String> members = services.entrySet().stream().filter(e -> networksOf(e.getValue()).contains(network))
          .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
      assertThat(members).as("who reaches the database").containsExactly("mongo", "platform");
    }
    assertThat(services.entrySet().stream().filter(e -> e.getValue().containsKey("ports")).map(Map.Entry::getKey))
        .containsExactly("platform");
    assertThat(String.join(" ", (List<String>) (List<?>) services.get("platform").get("command")))
        .as("every evaluation runs at its site").contains("--no-evaluator");
  }

  @Test
  void thePlatformsBundleHoldsNoHiddenFileAndEachSiteCopyHoldsItsOwn() throws Exception {
    Path bundle = ROOT.resolve("challenges/breast-cancer-two-sites");
    assertThat(bundle.resolve("hidden")).doesNotExist();
    assertThat(BundleReader.read(bundle, true).siteNames()).containsExactlyElementsOf(declaredSites());
    for (String site : declaredSites()) {
      Path copy = ROOT.resolve("sites/" + site + "/breast-cancer-two-sites");
      BundleReader.readAtSite(copy, site); // valid as site's copy, hidden data read and checked
      var policy = PolicyFile.read(ROOT.resolve("sites/" + site + "/policy.yaml"));
      assertThat(policy.site()).as("sites/%s/policy.yaml names its site", site).isEqualTo(site);
      assertThat(policy.challenges()).containsExactly("breast-cancer-two-sites");
      assertThat(copy.resolve("hidden/test-inputs.csv")).isRegularFile();
      assertThat(copy.resolve("hidden/test-labels.csv")).isRegularFile();
      assertThat(Files.readString(copy.resolve("challenge.yaml")))
          .as("site %s's copy declares the same challenge", site).isEqualTo(Files.readString(bundle.resolve("challenge.yaml")));
      assertThat(Files.readString(copy.resolve("public/train.csv"))).isEqualTo(Files.readString(bundle.resolve("public/train.csv")));
      // the ids of a site's test set are its own: no test case is in the training file or at the other site
      assertThat(Files.readAllLines(copy.resolve("hidden/test-inputs.csv")).stream().skip(1))
          .allMatch(line -> line.startsWith(site + "-"));
    }
  }
}
