package org.mtlssuite.examples.webapp;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.oidc.IdToken;
import io.quarkus.oidc.UserInfo;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * The signed-in home page: the person's name comes from the ID token that quarkus-oidc verified
 * (signature, issuer, audience, nonce, expiry) at the end of the code flow.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class HomeResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance home(String name, String subject, String issuer, String userInfoName);

        static native TemplateInstance signinError(String error, String description);
    }

    @Inject
    @IdToken
    JsonWebToken idToken;

    /**
     * What the UserInfo endpoint answered at sign-in. quarkus-oidc fetched it with the access token,
     * which is bound to this application's certificate, over the same TLS bucket: the AS serves
     * UserInfo on its mTLS listener and accepts the token only with that certificate.
     */
    @Inject
    UserInfo userInfo;

    @GET
    @Authenticated
    public TemplateInstance home() {
        String name = idToken.getClaim("name");
        return Templates.home(name != null ? name : idToken.getSubject(), idToken.getSubject(), idToken.getIssuer(),
                userInfo.getString("name"));
    }

    /**
     * Where quarkus-oidc sends the browser when the authorization server answers with an error
     * (for instance {@code access_denied} when the person denies); public.
     */
    @GET
    @Path("signin-error")
    public TemplateInstance signinError(@QueryParam("error") String error,
            @QueryParam("error_description") String description) {
        return Templates.signinError(error == null ? "unknown_error" : error, description);
    }
}
