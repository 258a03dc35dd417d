package fr.coffre.store.jclouds;

import com.google.common.base.Function;
import com.google.common.base.Supplier;
import com.google.inject.Inject;
import com.google.inject.name.Named;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ProtocolException;
import java.net.Proxy;
import java.net.URI;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLContext;
import org.jclouds.Constants;
import org.jclouds.http.HttpRequest;
import org.jclouds.http.HttpResponse;
import org.jclouds.http.HttpUtils;
import org.jclouds.http.IOExceptionRetryHandler;
import org.jclouds.http.handlers.DelegatingErrorHandler;
import org.jclouds.http.handlers.DelegatingRetryHandler;
import org.jclouds.http.internal.HttpWire;
import org.jclouds.http.internal.JavaUrlHttpCommandExecutorService;
import org.jclouds.io.ContentMetadataCodec;

/**
 * jclouds' JDK HTTP client, with the status a server answers to {@code Expect: 100-continue} kept. jclouds sends
 * that header on Swift's and S3's single PUTs; when the server answers anything but 100 before the body (401 for an
 * expired token, 404, 413 too large, 500, 503), the JDK throws {@code ProtocolException("Server rejected
 * operation")} and keeps only the status, and jclouds would retry the request as if it had been a 401. This executor
 * returns that answer as the response instead (its status, no headers nor body): it is then handled like any other,
 * mapped to the typed exception of its status and retried by the store only if transient. The body was not read, so
 * a retry sends it whole, even from the caller's stream ({@link RenewOnceRetryHandler} allows a 401 renewal then).
 */
final class EarlyRejectionExecutor extends JavaUrlHttpCommandExecutorService {

    /** The message of a response built from a status answered before the body was sent. */
    private static final String REJECTED_BEFORE_BODY = "rejected before the body was sent";

    private final ThreadLocal<HttpURLConnection> opening = new ThreadLocal<>();
    private final Map<HttpURLConnection, Integer> rejected = Collections.synchronizedMap(new IdentityHashMap<>());

    @Inject
    EarlyRejectionExecutor(HttpUtils utils, ContentMetadataCodec contentMetadataCodec,
            DelegatingRetryHandler retryHandler, IOExceptionRetryHandler ioRetryHandler,
            DelegatingErrorHandler errorHandler, HttpWire wire, @Named("untrusted") HostnameVerifier verifier,
            @Named("untrusted") Supplier<SSLContext> untrustedSSLContextProvider, Function<URI, Proxy> proxyForURI,
            @Named(Constants.PROPERTY_IDEMPOTENT_METHODS) String idempotentMethods,
            @Named(Constants.PROPERTY_OUTPUT_SOCKET_BUFFER_SIZE) int outputSocketBufferSize,
            @Named(Constants.PROPERTY_USER_AGENT) String userAgent) {
        super(utils, contentMetadataCodec, retryHandler, ioRetryHandler, errorHandler, wire, verifier,
                untrustedSSLContextProvider, proxyForURI, idempotentMethods, outputSocketBufferSize, userAgent);
    }

    /** Whether {@code response} is a status the server answered before the request's body was sent. */
    static boolean rejectedBeforeBody(HttpResponse response) {
        return REJECTED_BEFORE_BODY.equals(response.getMessage());
    }

    @Override
    protected HttpURLConnection initConnection(HttpRequest request) throws IOException {
        HttpURLConnection connection = super.initConnection(request);
        opening.set(connection);
        return connection;
    }

    @Override
    protected HttpURLConnection convert(HttpRequest request) throws IOException, InterruptedException {
        try {
            return super.convert(request);
        } catch (ProtocolException e) {
            HttpURLConnection connection = opening.get();
            if (connection == null || !"Server rejected operation".equals(e.getMessage())) {
                throw e;
            }
            // the JDK parsed the status line and kept its code when it refused to send the body
            int status = connection.getResponseCode();
            if (status < 200) {
                throw e;
            }
            rejected.put(connection, status);
            return connection;
        } finally {
            opening.remove();
        }
    }

    @Override
    protected HttpResponse invoke(HttpURLConnection connection) throws IOException, InterruptedException {
        Integer status = rejected.remove(connection);
        if (status == null) {
            return super.invoke(connection);
        }
        return HttpResponse.builder().statusCode(status).message(REJECTED_BEFORE_BODY).build();
    }

    @Override
    protected void cleanup(HttpURLConnection connection) {
        if (connection != null) {
            rejected.remove(connection);
        }
        super.cleanup(connection);
    }
}
