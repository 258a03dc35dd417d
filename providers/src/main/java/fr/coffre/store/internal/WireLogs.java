package fr.coffre.store.internal;

import java.util.List;
import java.util.logging.Filter;
import java.util.logging.Logger;

/**
 * Keeps the JDK's HTTP wire logs out of every log. At their verbose levels the JDK's HTTP clients log request lines
 * and headers, which carry credentials for some providers: Swift's {@code X-Storage-Pass}/{@code X-Auth-Key} through
 * {@code HttpURLConnection} (jclouds' HTTP driver), an Azure SAS token in every URL through {@code java.net.http}
 * (the Azure SDK's). {@link #silence()} installs on those loggers a filter that drops every record, whatever their
 * level is set to. It first asks the platform for each logger on behalf of {@code java.base}, so that the filter
 * lands on the very logger the JDK logs through (java.util.logging keeps JDK loggers apart from application loggers
 * of the same name created earlier; a logger of one of these names created by the application before the first
 * store opened is the one case this cannot reach). Every store calls it when it opens; idempotent, thread-safe.
 */
public final class WireLogs {

    /** The JDK loggers that dump HTTP requests, headers or URLs. */
    static final List<String> WIRE_LOGGERS = List.of("sun.net.www.protocol.http.HttpURLConnection",
            "jdk.internal.httpclient.debug", "jdk.internal.httpclient.hpack.debug",
            "jdk.internal.httpclient.websocket.debug", "jdk.httpclient.HttpClient");

    private static final Filter DROP_ALL = r -> false;
    /** Strong references: java.util.logging keeps loggers only weakly, and a recreated one would have no filter. */
    private static volatile List<Logger> silenced;

    private WireLogs() {
    }

    public static void silence() {
        if (silenced != null) {
            return;
        }
        synchronized (WireLogs.class) {
            if (silenced == null) {
                silenced = WIRE_LOGGERS.stream().map(WireLogs::silence).toList();
            }
        }
    }

    private static Logger silence(String name) {
        // creates the JDK's own (system) logger of that name first, so that getLogger returns that one
        System.LoggerFinder.getLoggerFinder().getLogger(name, Object.class.getModule());
        Logger logger = Logger.getLogger(name);
        logger.setFilter(DROP_ALL);
        return logger;
    }
}
