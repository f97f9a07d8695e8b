package org.mtlssuite.database;

import java.time.Instant;
import jakarta.persistence.PersistenceException;

/**
 * Thrown instead of touching the database while {@link DatabaseHealth} knows it is unavailable:
 * the request fails at once (503) instead of waiting for a time-out. A
 * {@link jakarta.persistence.PersistenceException} so that every caller and mapper that handles
 * persistence failures handles this one too.
 */
public class DatabaseUnavailableException extends PersistenceException {

    private static final long serialVersionUID = 1L;

    public DatabaseUnavailableException(Instant since, String reason) {
        super("the database is unavailable since " + since + " (" + reason + ")");
    }
}
