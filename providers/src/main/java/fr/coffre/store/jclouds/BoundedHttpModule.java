package fr.coffre.store.jclouds;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import org.jclouds.http.HttpCommandExecutorService;
import org.jclouds.http.config.ConfiguresHttpCommandExecutorService;
import org.jclouds.http.config.SSLModule;
import org.jclouds.http.handlers.DelegatingRetryHandler;

/**
 * How the remote jclouds stores send HTTP requests: jclouds' JDK client that keeps a status answered before the
 * body ({@link EarlyRejectionExecutor}), and no retry of its own but a 401's token renewal
 * ({@link RenewOnceRetryHandler}): the store's {@code Retrier} does the bounded retries. In place of jclouds'
 * {@code JavaUrlHttpCommandExecutorServiceModule}, which it replaces in a context's modules.
 */
@ConfiguresHttpCommandExecutorService
final class BoundedHttpModule extends AbstractModule {

    @Override
    protected void configure() {
        install(new SSLModule());
        bind(HttpCommandExecutorService.class).to(EarlyRejectionExecutor.class).in(Scopes.SINGLETON);
        bind(DelegatingRetryHandler.class).to(RenewOnceRetryHandler.class);
    }
}
