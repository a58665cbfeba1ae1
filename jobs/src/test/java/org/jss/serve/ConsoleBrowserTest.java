package org.jss.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.jss.SparkTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The review console in a real browser (headless Chromium, Debian's {@code chromium} and
 * {@code chromium-driver}) over the demo lake: sign in and open the queue with the keyboard, open the
 * top case, see its evidence chart, record CLEARED, run the next nightly, see the case leave the queue.
 * Screenshots of the queue and the case page go to {@code target/console-screenshots/} (the README's
 * are copies).
 *
 * <p>It runs when {@code JSS_BROWSER_TEST=required} (then a machine without Chromium fails it), on a copy of
 * the lake {@code JSS_CONSOLE_LAKE} names, or else of the samples scored for the demo night. CI runs it
 * after {@code ./jss demo}, on the demo lake, as its own step ({@code .ci/run}); {@code mvn -B verify}
 * leaves it out (it would add a lake build, a second nightly and a browser to every build):
 *
 * <pre>JSS_BROWSER_TEST=required JSS_CONSOLE_LAKE=$PWD/demo-lake mvn -B -q -pl jobs surefire:test -Dtest=ConsoleBrowserTest</pre>
 */
@EnabledIfEnvironmentVariable(named = "JSS_BROWSER_TEST", matches = "required")
class ConsoleBrowserTest extends SparkTestBase {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  @Test
  void aReviewerClearsTheTopCaseAndTheNextNightlyTakesItOffTheQueue() throws Exception {
    assertTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
        "no " + CHROMIUM + " or " + DRIVER + " here: apt-get install chromium chromium-driver");
    String given = System.getenv("JSS_CONSOLE_LAKE");
    Path lake = given == null || given.isBlank() ? ConsoleLake.copy() : ConsoleLake.copyOf(Path.of(given));
    Path shots = Path.of("target", "console-screenshots");
    Files.createDirectories(shots);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu");
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build();
    try (ConsoleServer server = ConsoleLake.start(lake, lake.getParent().resolve("reviewers.yaml"))) {
      String base = "http://127.0.0.1:" + server.port();
      WebDriver browser = new ChromeDriver(service, options);
      try {
        browser.manage().window().setSize(new Dimension(1366, 900));
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));

        // The queue asks for a sign-in; the form works from the keyboard alone.
        browser.get(base + "/queue");
        wait.until(ExpectedConditions.urlContains("/login"));
        browser.findElement(By.id("name")).sendKeys("alice", Keys.TAB, "correct horse battery", Keys.ENTER);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("queue")));
        List<WebElement> links = browser.findElements(By.cssSelector("#queue a.case-link"));
        assertFalse(links.isEmpty(), "open cases in the queue");
        String href = links.get(0).getAttribute("href");
        String caseId = href.substring(href.lastIndexOf('/') + 1);
        screenshot(browser, shots.resolve("queue.png"));

        // Open the top case with the keyboard; its chart is drawn.
        links.get(0).sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.urlContains("/cases/" + caseId));
        WebElement chart = wait.until(
            ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#evidence-chart svg")));
        assertTrue(chart.getSize().getWidth() > 100, "the evidence chart has a size");
        screenshot(browser, shots.resolve("case.png"));

        // Record CLEARED with a note.
        browser.findElement(By.cssSelector("input[name=decision][value=CLEARED]")).sendKeys(Keys.SPACE);
        browser.findElement(By.id("note")).sendKeys("Checked the evidence: a known agency, not a ring.");
        browser.findElement(By.cssSelector("#decision-form button[type=submit]")).sendKeys(Keys.ENTER);
        WebElement recorded = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("recorded")));
        assertTrue(recorded.getText().contains("CLEARED by alice"), recorded.getText());

        // The next night: the nightly applies the decision and the console serves the new night.
        ConsoleLake.nightly(lake, ConsoleLake.NEXT_NIGHT);
        server.refresh();
        browser.get(base + "/queue");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), ConsoleLake.NEXT_NIGHT));
        assertTrue(
            browser.findElements(By.cssSelector("#queue a.case-link[href$='/cases/" + caseId + "']")).isEmpty(),
            "the cleared case left the queue");
        browser.get(base + "/cases/" + caseId);
        assertTrue(browser.findElement(By.tagName("main")).getText().contains("CLEARED"), "the case shows CLEARED");
        assertEquals(1, browser.findElements(By.cssSelector("#decisions td")).stream()
            .filter(td -> td.getText().equals("alice")).count(), "one decision by alice");
      } finally {
        browser.quit();
      }
    }
  }

  private static void screenshot(WebDriver browser, Path to) throws Exception {
    Path png = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(png, to, StandardCopyOption.REPLACE_EXISTING);
  }
}
