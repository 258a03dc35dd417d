package fr.coffre.store.jclouds;

import com.google.inject.Inject;
import org.jclouds.http.HttpCommand;
import org.jclouds.http.HttpRequest;
import org.jclouds.http.HttpResponse;
import org.jclouds.http.HttpRetryHandler;
import org.jclouds.http.annotation.ClientError;
import org.jclouds.openstack.keystone.auth.config.AuthenticationModule;
import org.jclouds.openstack.keystone.auth.handlers.RetryOnRenew;
import org.jclouds.openstack.keystone.v2_0.auth.V2AuthenticationApi;
import org.jclouds.openstack.keystone.v3.auth.V3AuthenticationApi;
import org.jclouds.rest.config.BinderUtils;

/**
 * jclouds' Keystone authentication module (in place of {@code SwiftAuthenticationModule}, for Keystone only) with
 * one change: a 401 answered to the token request itself is final. jclouds' {@code RetryOnRenew} treats every 401 as
 * an expired token and retries up to five times, sleeping 5 s between tries, also when Keystone refuses the password
 * or the project: 15 s and five failed logins per operation (enough to trip an account lockout policy). A 401 on
 * any other request (an expired token) is still renewed by {@code RetryOnRenew}, and the request sent again once
 * ({@link RenewOnceRetryHandler}).
 */
// public, with a public no-argument constructor: jclouds instantiates its default modules by reflection
public final class KeystoneAuthModule extends AuthenticationModule {

    @Override
    protected void configure() {
        bind(HttpRetryHandler.class).annotatedWith(ClientError.class).to(RefusedLoginIsFinal.class);
        BinderUtils.bindHttpApi(binder(), V2AuthenticationApi.class);
        BinderUtils.bindHttpApi(binder(), V3AuthenticationApi.class);
    }

    static final class RefusedLoginIsFinal implements HttpRetryHandler {
        private final RetryOnRenew renew;

        @Inject
        RefusedLoginIsFinal(RetryOnRenew renew) {
            this.renew = renew;
        }

        @Override
        public boolean shouldRetryRequest(HttpCommand command, HttpResponse response) {
            HttpRequest request = command.getCurrentRequest();
            if (response.getStatusCode() == 401 && "POST".equals(request.getMethod())
                    && request.getEndpoint().getPath().endsWith("/tokens")) {
                return false; // Keystone refused the credentials or the scope: retrying cannot succeed
            }
            return renew.shouldRetryRequest(command, response);
        }
    }
}
