package org.mtlssuite.authz.authorize;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits on password guessing and on pending authorization requests (documented in docs/openid-connect.md). */
@ConfigMapping(prefix = "authz.login-throttle")
public interface LoginThrottleConfig {

    /** Failed logins for one user name before it is locked (0: no per-user limit). */
    @WithDefault("5")
    int perUser();

    /** Failed logins from one caller address before it is locked (0: no per-address limit). */
    @WithDefault("20")
    int perAddress();

    /** The first lock-out; each further failure while locked doubles it, up to max-lockout. */
    @WithDefault("PT30S")
    Duration lockout();

    @WithDefault("PT15M")
    Duration maxLockout();

    /** A count starts again from zero after this long without a failure. */
    @WithDefault("PT1H")
    Duration forgetAfter();

    /** Unexpired pending authorization requests (login pages) one caller address may hold (0: no limit). */
    @WithDefault("100")
    int pendingRequestsPerAddress();
}
