package org.mtlssuite.clientauth;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;

/**
 * Reads every form body (token, revocation, introspection, the login form) with
 * {@link FormParameters#parse}: the framework's own reader answers a malformed {@code %} escape
 * with a 500; this one with 400 {@code invalid_request}. Bodies are UTF-8 (RFC 6749 appendix B).
 */
@Provider
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
@Priority(Priorities.USER)
public class FormBodyReader implements MessageBodyReader<MultivaluedMap<String, String>> {

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == MultivaluedMap.class && MediaType.APPLICATION_FORM_URLENCODED_TYPE.isCompatible(mediaType);
    }

    @Override
    public MultivaluedMap<String, String> readFrom(Class<MultivaluedMap<String, String>> type, Type genericType,
            Annotation[] annotations, MediaType mediaType, MultivaluedMap<String, String> httpHeaders, InputStream entityStream)
            throws IOException {
        return FormParameters.parse(entityStream.readAllBytes());
    }
}
