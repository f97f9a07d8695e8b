package org.mtlssuite.cert;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;

/**
 * A {@link ClientCertificateChainValidator} over trust anchor files that cert-manager (or an
 * operator) may replace while the service runs: the files' modification times are checked at most
 * once per {@code checkInterval}, and a changed set is read again. A set that fails to read keeps
 * the previous anchors in force and is logged, so a half-written file never empties the trust store.
 */
public final class ReloadingChainValidator {

    private static final Logger LOG = Logger.getLogger(ReloadingChainValidator.class);

    private final List<Path> files;
    private final List<Path> crlFiles;
    private final ClientCertificateChainValidator.RevocationMode revocationMode;
    private final boolean softFail;
    private final int maxChainLength;
    private final Duration cacheTtl;
    private final long checkIntervalNanos;
    private volatile ClientCertificateChainValidator current;
    private volatile List<FileTime> loadedTimes;
    private volatile long nextCheck;

    /** Reads the anchors now; an unreadable or empty set here is a start-up error. */
    public ReloadingChainValidator(List<Path> files, int maxChainLength, Duration cacheTtl, Duration checkInterval)
            throws IOException {
        this(files, maxChainLength, cacheTtl, checkInterval, ClientCertificateChainValidator.RevocationMode.NONE, List.of(), false);
    }

    /** With revocation checking; the CRL files are watched and re-read like the anchors. */
    public ReloadingChainValidator(List<Path> files, int maxChainLength, Duration cacheTtl, Duration checkInterval,
            ClientCertificateChainValidator.RevocationMode revocationMode, List<Path> crlFiles, boolean softFail)
            throws IOException {
        this.crlFiles = List.copyOf(crlFiles);
        this.revocationMode = revocationMode;
        this.softFail = softFail;
        this.files = List.copyOf(files);
        this.maxChainLength = maxChainLength;
        this.cacheTtl = cacheTtl;
        this.checkIntervalNanos = checkInterval.toNanos();
        this.loadedTimes = times();
        this.current = load();
        this.nextCheck = System.nanoTime() + checkIntervalNanos;
    }

    public ClientCertificateChainValidator current() {
        long now = System.nanoTime();
        if (now - nextCheck >= 0) {
            synchronized (this) {
                if (now - nextCheck >= 0) {
                    nextCheck = now + checkIntervalNanos;
                    reloadIfChanged();
                }
            }
        }
        return current;
    }

    private void reloadIfChanged() {
        try {
            List<FileTime> t = times();
            if (t.equals(loadedTimes)) {
                return;
            }
            current = load();
            loadedTimes = t;
            LOG.infof("trust anchors reloaded from %s", files);
        } catch (IOException | RuntimeException e) {
            LOG.errorf("trust anchors in %s changed but cannot be read (%s); the previous ones stay in force", files,
                    e.getMessage());
        }
    }

    private ClientCertificateChainValidator load() throws IOException {
        return new ClientCertificateChainValidator(ClientCertificateChainValidator.readPemCertificates(files), maxChainLength,
                cacheTtl, new ClientCertificateChainValidator.Revocation(revocationMode,
                        ClientCertificateChainValidator.readCrls(crlFiles), softFail));
    }

    private static List<Path> concat(List<Path> a, List<Path> b) {
        List<Path> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private List<FileTime> times() throws IOException {
        List<FileTime> t = new ArrayList<>();
        for (Path f : concat(files, crlFiles)) {
            // Kubernetes swaps a Secret volume's ..data symlink: follow it to see the new file's time.
            t.add(Files.getLastModifiedTime(f.toRealPath()));
        }
        return t;
    }
}
