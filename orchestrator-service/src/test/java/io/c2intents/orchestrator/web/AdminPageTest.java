package io.c2intents.orchestrator.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.c2intents.events.EventJson;
import io.c2intents.events.MitigationStatus;
import io.c2intents.events.Topics;
import io.c2intents.orchestrator.Fixtures;
import io.c2intents.testsupport.KafkaTestResource;
import io.c2intents.testsupport.TestKafka;
import io.c2intents.testsupport.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin page in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}): its buttons
 * put the right commands on Kafka, and what happens on the topics shows on the page.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class AdminPageTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Duration WAIT = Duration.ofSeconds(45);

    static WebDriver browser;
    static Path profile;

    @TestHTTPResource("/")
    URL page;

    @BeforeAll
    static void startBrowser() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "skipped: headless Chromium not installed (apt-get install -y chromium chromium-driver gives "
                        + CHROMIUM + " and " + CHROMEDRIVER + ")");
        // the driver is Debian's: Selenium must never try to download one
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        profile = Files.createTempDirectory("orchestrator-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1400,1000", "--user-data-dir=" + profile);
        browser = new ChromeDriver(ChromeDriverService.createDefaultService(), options);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temp profile left behind is harmless
            }
        }
    }

    WebDriverWait waiting() {
        return new WebDriverWait(browser, WAIT);
    }

    static JsonNode json(ConsumerRecord<String, String> record) {
        try {
            return EventJson.MAPPER.readTree(record.value());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String clickAndReadCommandId(WebElement button) {
        String before = browser.findElement(By.id("status")).getAttribute("data-command-id");
        button.click();
        waiting().until(d -> {
            String id = d.findElement(By.id("status")).getAttribute("data-command-id");
            return id != null && !id.equals(before);
        });
        return browser.findElement(By.id("status")).getAttribute("data-command-id");
    }

    @Test
    void deployAndInfectSendCommandsAndTheAttackAndItsQuarantineShowOnThePage() {
        browser.get(page.toString());
        waiting().until(ExpectedConditions.elementToBeClickable(By.id("btn-deploy")));

        // without the token the page says why nothing happened
        browser.findElement(By.id("btn-deploy")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "API token"));

        browser.findElement(By.id("token")).sendKeys("test-token");
        browser.findElement(By.id("save-token")).click();

        try (TopicReader commands = TestKafka.read(Topics.SIMULATOR_COMMANDS);
                TopicReader requests = TestKafka.read(Topics.MITIGATION_REQUESTS)) {
            String deployId = clickAndReadCommandId(browser.findElement(By.id("btn-deploy")));
            assertThat(json(commands.awaitOne(r -> deployId.equals(r.key()), WAIT)).path("type").asText())
                    .isEqualTo("deploy");

            String pod = Fixtures.uniquePod("target");
            browser.findElement(By.id("infect-pod")).sendKeys(pod);
            String infectId = clickAndReadCommandId(browser.findElement(By.id("btn-infect")));
            JsonNode infect = json(commands.awaitOne(r -> infectId.equals(r.key()), WAIT));
            assertThat(infect.path("type").asText()).isEqualTo("infect");
            assertThat(infect.path("pod").asText()).isEqualTo(pod);

            // the detector's alert: an open incident on the page
            String key = Fixtures.NS + "/" + pod;
            TestKafka.send(Topics.C2_ALERTS, key, Fixtures.alertJson(pod, "lab-worker-1"));
            By incident = By.cssSelector("#incidents [data-pod='" + key + "']");
            waiting().until(ExpectedConditions.textToBePresentInElementLocated(incident, "OPEN"));
            assertThat(browser.findElement(incident).getText()).contains("1.1.1.1").contains("ALERT");

            // its C2 attempt, dropped: a red row whose source is marked infected
            TestKafka.send(Topics.HUBBLE_FLOWS, key, Fixtures.flowJson(pod, "1.1.1.1", "DROPPED", false, Instant.now()));
            By droppedRow = By.xpath("//tbody[@id='flows-body']/tr[contains(@class,'dropped')][td[contains(., '"
                    + pod + "')]]");
            waiting().until(ExpectedConditions.presenceOfElementLocated(droppedRow));
            WebElement row = browser.findElement(droppedRow);
            assertThat(row.getText()).contains("DROPPED").contains("POLICY_DENIED").contains("1.1.1.1");
            assertThat(row.findElement(By.cssSelector("td.infected")).getText()).contains(pod);

            // the Network Traffic Filtering button asks the mitigation service to quarantine it
            browser.findElement(By.cssSelector("[data-technique='D3-NTF']")).click();
            JsonNode request = json(requests.awaitOne(r -> key.equals(r.key()), WAIT));
            assertThat(request.path("action").asText()).isEqualTo("cilium:quarantine");
            assertThat(request.path("target").path("name").asText()).isEqualTo(pod);

            // the mitigation service's answer: the incident turns CONTAINED with the quarantine in its timeline
            TestKafka.send(Topics.MITIGATION_EVENTS, key, Fixtures.stepJson(Fixtures.step(pod, null,
                    request.path("requestId").asText(), MitigationStatus.APPLIED, "cilium:quarantine", "D3-NTF",
                    Instant.now())));
            waiting().until(ExpectedConditions.textToBePresentInElementLocated(incident, "CONTAINED"));
            assertThat(browser.findElement(incident).getText()).contains("APPLIED cilium:quarantine")
                    .contains("quarantined");
        }
    }
}
