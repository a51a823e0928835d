package org.palmares.platform.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through its own chromedriver (Selenium), one fresh profile per
 * browser: what a person's browser does with our pages, scripts and styles included. Nothing is
 * downloaded: both programs come from Debian's packages and axe-core from npm
 * ({@code scripts/browser-deps.sh}). Every {@link #check} saves a screenshot under
 * {@code target/browser/<suite>/} and fails on a serious or critical accessibility violation or
 * on a page wider than the window.
 */
public final class Browser implements AutoCloseable {
  /** A phone's width (CSS pixels), the narrowest layout the pages must fit. */
  public static final int PHONE_WIDTH = 390;
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path AXE = Fixtures.repoRoot().resolve("platform/src/test/browser/node_modules/axe-core/axe.min.js");
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final ChromeDriver driver;
  private final ChromeDriverService service;
  private final Path profile;
  private final String origin;
  private final Path shots;
  private final String axeSource;
  private int step;

  private Browser(ChromeDriver driver, ChromeDriverService service, Path profile, String origin, Path shots,
      String axeSource) {
    this.driver = driver;
    this.service = service;
    this.profile = profile;
    this.origin = origin;
    this.shots = shots;
    this.axeSource = axeSource;
  }

  /**
   * A browser on {@code origin} (e.g. {@code http://localhost:1234}) whose window is {@code width}
   * CSS pixels wide and whose preferred language is {@code language}; screenshots go to
   * {@code target/browser/<suite>/}.
   */
  public static Browser open(String origin, String suite, int width, String language) throws IOException {
    assertThat(CHROMIUM).as("Debian's chromium (scripts/browser-deps.sh installs it)").isExecutable();
    assertThat(CHROMEDRIVER).as("Debian's chromium-driver (scripts/browser-deps.sh installs it)").isExecutable();
    assertThat(AXE).as("axe-core from npm (scripts/browser-deps.sh installs it)").isRegularFile();
    Path profile = Files.createTempDirectory("palmares-chromium-");
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
        .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--lang=" + language,
            "--window-size=" + width + ",900");
    options.setExperimentalOption("prefs", java.util.Map.of("intl.accept_languages", language));
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().withLogFile(Fixtures.repoRoot().resolve("platform/target/chromedriver.log").toFile())
        .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(WAIT).scriptTimeout(WAIT);
    Path shots = Fixtures.repoRoot().resolve("platform/target/browser").resolve(suite);
    Files.createDirectories(shots);
    Browser browser = new Browser(driver, service, profile, origin, shots, Files.readString(AXE));
    browser.fitViewport(width);
    return browser;
  }

  /** Headless windows count their frame in {@code --window-size}: sizes the window so the page itself is {@code width} wide. */
  private void fitViewport(int width) {
    long inner = ((Number) js("return window.innerWidth;")).longValue();
    Dimension outer = driver.manage().window().getSize();
    if (inner != width) {
      driver.manage().window().setSize(new Dimension((int) (outer.getWidth() + width - inner), outer.getHeight()));
    }
  }

  public WebDriver driver() {
    return driver;
  }

  /** Opens a path of the platform. */
  public void go(String path) {
    driver.get(origin + path);
  }

  /** The current page's path (and query). */
  public String path() {
    String url = driver.getCurrentUrl();
    return url.startsWith(origin) ? url.substring(origin.length()) : url;
  }

  public WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  public List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  /** Types {@code value} into the field {@code css} (cleared first). */
  public void type(String css, String value) {
    WebElement field = find(css);
    field.clear();
    field.sendKeys(value);
  }

  /** The visible text of the page's main content (or body). */
  public String text() {
    List<WebElement> main = all("main");
    return (main.isEmpty() ? find("body") : main.get(0)).getText();
  }

  /** Waits until {@code condition} holds (page scripts at work), failing after 20 s with {@code what}. */
  public <T> T await(String what, Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, WAIT).withMessage(what).until(condition);
  }

  /** Waits until {@code condition} holds, failing after {@code timeout}. */
  public <T> T await(String what, Duration timeout, Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, timeout).withMessage(what).until(condition);
  }

  public Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /**
   * The step's checks on the page now shown: a screenshot ({@code NN-name.png}), no horizontal
   * overflow of the page, and no serious or critical axe-core violation.
   */
  public void check(String name) throws IOException {
    screenshot(name);
    long scrollWidth = ((Number) js("return document.documentElement.scrollWidth;")).longValue();
    long viewport = ((Number) js("return window.innerWidth;")).longValue();
    assertThat(scrollWidth).as("%s (%s): page width at a %d px window", name, path(), viewport)
        .isLessThanOrEqualTo(viewport);
    assertThat(seriousViolations()).as("%s (%s): serious or critical axe-core violations", name, path()).isEmpty();
  }

  /** Saves a screenshot of the window as {@code NN-name.png}. */
  public Path screenshot(String name) throws IOException {
    File png = driver.getScreenshotAs(OutputType.FILE);
    Path target = shots.resolve(String.format(Locale.ROOT, "%02d-%s.png", ++step, name));
    Files.move(png.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    return target;
  }

  /** axe-core's serious and critical violations on the page, one line each (rule, impact, help, elements). */
  public List<String> seriousViolations() {
    Object raw = ((JavascriptExecutor) driver).executeAsyncScript(axeSource + "\n;const done = arguments[arguments.length - 1];"
        + "axe.run(document, {resultTypes: ['violations']}).then(r => done(JSON.stringify(r.violations)),"
        + " e => done(JSON.stringify([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}])));");
    return new JsonArray((String) raw).stream().map(JsonObject.class::cast)
        .filter(v -> "serious".equals(v.getString("impact")) || "critical".equals(v.getString("impact")))
        .map(v -> v.getString("id") + " (" + v.getString("impact") + "): " + v.getString("help") + " at "
            + v.getJsonArray("nodes").stream().map(n -> ((JsonObject) n).getJsonArray("target").encode()).toList())
        .toList();
  }

  @Override
  public void close() throws IOException {
    try {
      driver.quit();
    } finally {
      service.close();
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
