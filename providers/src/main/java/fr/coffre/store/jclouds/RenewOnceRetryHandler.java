package fr.coffre.store.jclouds;

import com.google.inject.Inject;
import org.jclouds.http.HttpCommand;
import org.jclouds.http.HttpResponse;
import org.jclouds.http.handlers.BackoffLimitedRetryHandler;
import org.jclouds.http.handlers.DelegatingRetryHandler;
import org.jclouds.http.handlers.RedirectionRetryHandler;

/**
 * jclouds' retry handler under Coffre's bounded retries: the only failed request jclouds sends again itself is one
 * answered 401, once, so that the API's client-error handler renews an expired token ({@code RetryOnRenew} for
 * Swift; a refused login stays final, see {@link KeystoneAuthModule}). Every other failure (5xx, 408, 429, S3's
 * retryable error codes) is left to the store's {@code Retrier}: a fault costs exactly one request per attempt of the
 * store's {@code RetryPolicy}. I/O failures are not retried either ({@code PROPERTY_MAX_RETRIES} is 0 for jclouds'
 * I/O retry handler). Redirects are still followed, within jclouds' own limit: they are not failures.
 *
 * <p>A 401 to a request whose one-shot body (the caller's stream) may have been read is not sent again, unless the
 * server refused it before the body ({@link EarlyRejectionExecutor}).
 */
final class RenewOnceRetryHandler extends DelegatingRetryHandler {

    @Inject
    RenewOnceRetryHandler(BackoffLimitedRetryHandler backoff, RedirectionRetryHandler redirects) {
        super(backoff, redirects);
    }

    @Override
    public boolean shouldRetryRequest(HttpCommand command, HttpResponse response) {
        int status = response.getStatusCode();
        if (status >= 300 && status < 400) {
            return super.shouldRetryRequest(command, response);
        }
        if (status != 401 || command.getFailureCount() > 0) {
            return false;
        }
        if (!command.isReplayable() && !EarlyRejectionExecutor.rejectedBeforeBody(response)) {
            return false;
        }
        command.incrementFailureCount();
        return getClientErrorRetryHandler().shouldRetryRequest(command, response);
    }
}
