package org.mtlssuite.binding;

import jakarta.enterprise.context.RequestScoped;

/** Holds the request's validated token for resources (inject it; null when the path is not protected). */
@RequestScoped
public class CurrentAccessToken {

    private BoundAccessToken token;

    public BoundAccessToken get() {
        return token;
    }

    void set(BoundAccessToken token) {
        this.token = token;
    }
}
