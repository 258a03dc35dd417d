package fr.coffre.store.jclouds;

import java.lang.reflect.Proxy;
import org.jclouds.logging.Logger;
import org.jclouds.logging.config.LoggingModule;

/**
 * jclouds logging that records nothing, at any level. jclouds' own {@code NullLoggingModule} is not that: it binds no
 * logger at all, so every {@code @Resource} logger keeps its default {@code Logger.NULL}, whose {@code error} prints
 * to {@code System.err}; its retry handler then printed each failed request, whose text holds the invocation's
 * arguments, credentials included ({@code [identity=test:tester, credential=...]} on every failed Swift
 * authentication). This module binds a silent logger into every jclouds component instead: jclouds failures reach
 * the caller only as typed, redacted Coffre exceptions.
 */
final class SilentLoggingModule extends LoggingModule {

    /** Every {@code is*Enabled} answers false, every logging method does nothing. */
    private static final Logger SILENT = (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(),
            new Class<?>[] {Logger.class}, (proxy, method, args) -> switch (method.getName()) {
                case "getCategory", "toString" -> "silent";
                case "hashCode" -> 0;
                case "equals" -> proxy == args[0];
                default -> method.getReturnType() == boolean.class ? Boolean.FALSE : null;
            });

    @Override
    public Logger.LoggerFactory createLoggerFactory() {
        return category -> SILENT;
    }
}
