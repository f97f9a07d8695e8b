package org.mtlssuite.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;

import javax.net.ssl.SSLSocketFactory;

import org.junit.jupiter.api.Test;
import org.mtlssuite.devsupport.Suite;
import org.mtlssuite.devsupport.TestTls;
import org.mtlssuite.pki.DevPki.Clients;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.PKITLSClientAuthentication;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.AccessToken;

/** A third-party client library (Nimbus OAuth 2.0 SDK) talks to the suite as a real OAuth client would. */
class NimbusInteropE2ETest {

    @Test
    void nimbusParsesMetadataGetsABoundTokenOverMtlsAndReadsCnfFromIntrospection() throws Exception {
        Suite suite = E2eSuite.get();
        SSLSocketFactory client = TestTls.context(suite.pki(), Clients.SUBJECT_DN).getSocketFactory();
        SSLSocketFactory resourceServer = TestTls.context(suite.pki(), Clients.RESOURCE_SERVER).getSocketFactory();

        HTTPRequest metadataRequest = new HTTPRequest(HTTPRequest.Method.GET,
                new URL(suite.manifest().authzUrl() + "/.well-known/oauth-authorization-server"));
        metadataRequest.setSSLSocketFactory(TestTls.context(suite.pki(), null).getSocketFactory());
        AuthorizationServerMetadata metadata = AuthorizationServerMetadata.parse(metadataRequest.send().getBodyAsJSONObject());
        assertTrue(metadata.supportsTLSClientCertificateBoundAccessTokens());
        assertTrue(metadata.getTokenEndpointAuthMethods().contains(ClientAuthenticationMethod.TLS_CLIENT_AUTH));
        assertTrue(metadata.getTokenEndpointAuthMethods().contains(ClientAuthenticationMethod.SELF_SIGNED_TLS_CLIENT_AUTH));
        URI tokenEndpoint = metadata.getMtlsEndpointAliases().getTokenEndpointURI();
        URI introspectionEndpoint = metadata.getMtlsEndpointAliases().getIntrospectionEndpointURI();

        HTTPRequest tokenRequest = new TokenRequest(tokenEndpoint,
                new PKITLSClientAuthentication(new ClientID("demo-subject-dn"), client),
                new ClientCredentialsGrant(), new Scope("accounts:read")).toHTTPRequest();
        TokenResponse tokenResponse = TokenResponse.parse(tokenRequest.send());
        assertTrue(tokenResponse.indicatesSuccess(), () -> tokenResponse.toErrorResponse().getErrorObject().toString());
        AccessToken accessToken = ((AccessTokenResponse) tokenResponse).getTokens().getAccessToken();
        assertEquals(new Scope("accounts:read"), accessToken.getScope());

        HTTPRequest introspection = new TokenIntrospectionRequest(introspectionEndpoint,
                new PKITLSClientAuthentication(new ClientID("demo-resource-server"), resourceServer), accessToken).toHTTPRequest();
        HTTPResponse introspectionResponse = introspection.send();
        TokenIntrospectionSuccessResponse answer = TokenIntrospectionResponse.parse(introspectionResponse).toSuccessResponse();
        assertTrue(answer.isActive());
        assertEquals(IntrospectionAndRevocationE2ETest.thumbprint(Clients.SUBJECT_DN),
                answer.getX509CertificateConfirmation().getValue().toString());
        assertEquals(new ClientID("demo-subject-dn"), answer.getClientID());
    }
}
