package io.meridian.cli.console;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless {@code chromium} driven through {@code /usr/bin/chromedriver}, at 1280×800, with
 * downloads going to a directory of the test. Both paths are given explicitly: Selenium Manager would
 * try to download a driver, which CI cannot. {@code .ci/run} installs the two packages.
 */
final class Browser implements AutoCloseable {
    static final String CHROMIUM = System.getProperty("console.chromium", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getProperty("console.chromedriver", "/usr/bin/chromedriver");

    final ChromeDriver driver;
    final Path downloads;
    private final String base;

    Browser(String base, Path downloads) {
        this.base = base;
        this.downloads = downloads;
        if (!new File(CHROMIUM).canExecute() || !new File(CHROMEDRIVER).canExecute()) {
            throw new IllegalStateException("the browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
                    + ": apt-get install -y chromium chromium-driver (.ci/run does)");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,800",
                "--disable-gpu", "--no-first-run", "--disable-extensions", "--hide-scrollbars");
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    /** Opens a console page by its hash route, e.g. {@code #/overview}. */
    void open(String hash) {
        driver.get(base + "/" + hash);
    }

    /** Goes to another page of the loaded console without reloading it. */
    void go(String hash) {
        driver.executeScript("location.hash = arguments[0]", hash);
    }

    /** Submits the sign-in form with {@code token}; see {@link #signInAs} to wait for the console. */
    void signIn(String token) {
        WebElement field = waitFor(d -> visible(By.id("token")));
        field.clear();
        field.sendKeys(token);
        driver.findElement(By.cssSelector("#login button[type=submit]")).click();
    }

    /** Signs in and waits until the console's navigation shows. */
    void signInAs(String token) {
        signIn(token);
        waitFor(d -> visible(By.id("nav")));
    }

    void signOut() {
        driver.findElement(By.id("logout")).click();
        waitFor(d -> visible(By.id("token")));
    }

    <T> T waitFor(Function<WebDriver, T> condition) {
        return waitFor(Duration.ofSeconds(20), condition);
    }

    /**
     * Waits for {@code condition} to answer non-null (a live refresh replacing an element counts as not
     * yet); on timeout keeps a screenshot and the page's text under {@code target/console-failures}.
     */
    <T> T waitFor(Duration timeout, Function<WebDriver, T> condition) {
        WebDriverWait wait = new WebDriverWait(driver, timeout, Duration.ofMillis(200));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        try {
            return wait.until(condition);
        } catch (org.openqa.selenium.TimeoutException e) {
            keepFailure();
            throw e;
        }
    }

    /** Whether what {@code by} finds is enabled, asked again if a live refresh replaced it. */
    boolean enabled(By by) {
        // a wait ends on non-null and non-FALSE, so answer a word
        return waitFor(d -> d.findElement(by).isEnabled() ? "enabled" : "disabled").equals("enabled");
    }

    private void keepFailure() {
        try {
            Path dir = Files.createDirectories(Path.of("target", "console-failures"));
            String name = "failure-" + System.currentTimeMillis();
            Files.write(dir.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
            Files.writeString(dir.resolve(name + ".txt"), driver.getCurrentUrl() + "\n" + text(By.tagName("body")));
        } catch (IOException | RuntimeException e) {
            // the timeout is what matters; a failed screenshot must not hide it
        }
    }

    /** Replaces the text of the field {@code by} finds. */
    void type(By by, String text) {
        WebElement field = waitFor(d -> visible(by));
        field.clear();
        field.sendKeys(text);
    }

    /** Clicks what {@code by} finds, again if a live refresh replaced it in between. */
    void click(By by) {
        waitFor(d -> {
            try {
                d.findElement(by).click();
                return true;
            } catch (org.openqa.selenium.StaleElementReferenceException | org.openqa.selenium.NoSuchElementException e) {
                return null;
            }
        });
    }

    /** The element when it is displayed, else null (for waits). */
    WebElement visible(By by) {
        try {
            List<WebElement> found = driver.findElements(by);
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        } catch (org.openqa.selenium.StaleElementReferenceException e) {
            return null;
        }
    }

    /** The text of what {@code by} finds, "" when nothing; read again when a live refresh replaced it meanwhile. */
    String text(By by) {
        for (int attempt = 0; ; attempt++) {
            try {
                List<WebElement> found = driver.findElements(by);
                return found.isEmpty() ? "" : found.get(0).getText();
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                if (attempt == 10) {
                    return "";
                }
            }
        }
    }

    /** Saves the page as {@code NAME.png} in {@code dir}, the window made {@code height} pixels tall for it. */
    void screenshot(Path dir, String name, int height) throws IOException {
        org.openqa.selenium.Dimension size = driver.manage().window().getSize();
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(size.getWidth(), height));
        try {
            screenshot(dir, name);
        } finally {
            driver.manage().window().setSize(size);
        }
    }

    /** Saves what the browser shows as {@code NAME.png} in {@code dir}. */
    void screenshot(Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        // the top of the page, without the transient notices
        driver.executeScript("window.scrollTo(0, 0); document.getElementById('status').replaceChildren()");
        Files.write(dir.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    }

    @Override
    public void close() {
        driver.quit();
    }
}
