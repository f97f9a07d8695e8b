package org.mtlssuite.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium driven through the system's chromedriver (Debian's {@code chromium} and
 * {@code chromium-driver}; {@code .ci/run} installs them). Selenium is given both binaries so that it
 * never tries to download a driver or a browser.
 */
final class HeadlessChromium implements AutoCloseable {

    static final Dimension DESKTOP = new Dimension(1280, 800);
    static final Dimension PHONE = new Dimension(390, 844);

    final ChromeDriver driver;
    private final Path screenshots;

    private HeadlessChromium(ChromeDriver driver, Path screenshots) {
        this.driver = driver;
        this.screenshots = screenshots;
    }

    /**
     * Starts the browser, or fails with a message saying what to install. The binaries are found on
     * the PATH, or named by the system properties {@code chromedriver} and {@code chromium}.
     */
    static HeadlessChromium start(Path screenshots) throws IOException {
        Path driverBinary = binary("chromedriver", "chromedriver").orElseThrow(() -> new IllegalStateException(
                "chromedriver not found on the PATH: install Debian's chromium and chromium-driver packages "
                        + "(apt-get install -y chromium chromium-driver), or pass -Dchromedriver=<path> -Dchromium=<path>"));
        Path browserBinary = binary("chromium", "chromium", "chromium-browser", "google-chrome").orElseThrow(
                () -> new IllegalStateException("chromium not found on the PATH: apt-get install -y chromium chromium-driver"));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browserBinary.toFile());
        // The suite's pages are served with dev PKI certificates the browser's store does not know.
        options.setAcceptInsecureCerts(true);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--no-first-run", "--disable-extensions", "--lang=en-GB", "--window-size=1280,800");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driverBinary.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        Files.createDirectories(screenshots);
        return new HeadlessChromium(driver, screenshots);
    }

    private static Optional<Path> binary(String property, String... names) {
        String configured = System.getProperty(property);
        if (configured != null && !configured.isBlank()) {
            if (!Files.isExecutable(Path.of(configured))) {
                throw new IllegalStateException("-D" + property + "=" + configured + " is not an executable file");
            }
            return Optional.of(Path.of(configured));
        }
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin:/bin");
        return Stream.of(names).flatMap(n -> Stream.of(path.split(File.pathSeparator)).map(dir -> Path.of(dir, n)))
                .filter(Files::isExecutable).findFirst();
    }

    /**
     * Saves the page as {@code <name>.png} with a viewport of {@code size} CSS pixels; the phone size is
     * emulated as a mobile device (the page's viewport meta tag applies, as on a phone).
     */
    Path screenshot(String name, Dimension size) throws IOException {
        boolean mobile = size.getWidth() < 600;
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", size.getWidth(), "height",
                size.getHeight(), "deviceScaleFactor", 1, "mobile", mobile));
        try {
            File shot = driver.getScreenshotAs(OutputType.FILE);
            Path target = screenshots.resolve(name + ".png");
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } finally {
            driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    /** Whether the page is wider than its viewport (a horizontal scroll bar: a layout break on a phone). */
    boolean overflowsHorizontally(Dimension size) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", size.getWidth(), "height",
                size.getHeight(), "deviceScaleFactor", 1, "mobile", size.getWidth() < 600));
        try {
            Object wider = driver.executeScript(
                    "return document.documentElement.scrollWidth > document.documentElement.clientWidth;");
            return Boolean.TRUE.equals(wider);
        } finally {
            driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
