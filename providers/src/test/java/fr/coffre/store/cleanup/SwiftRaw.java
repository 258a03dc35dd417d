package fr.coffre.store.cleanup;

import fr.coffre.store.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/**
 * Raw listings of containers on the local Swift (tempauth), as the server holds them: segments containers and
 * s3api's {@code <bucket>+segments} (multipart uploads in progress and their parts) included.
 */
final class SwiftRaw {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private SwiftRaw() {
    }

    /** {@code container/name} of every object of each container (a missing container: none), sorted. */
    static List<String> list(String... containers) throws Exception {
        HttpResponse<Void> auth = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + TestServers.SWIFT_PORT + TestServers.SWIFT_AUTH_PATH)).header("X-Auth-User", TestServers.SWIFT_USER)
                .header("X-Auth-Key", TestServers.SWIFT_KEY).build(), HttpResponse.BodyHandlers.discarding());
        String url = auth.headers().firstValue("X-Storage-Url").orElseThrow();
        String token = auth.headers().firstValue("X-Auth-Token").orElseThrow();
        java.util.ArrayList<String> all = new java.util.ArrayList<>();
        for (String c : containers) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/"
                    + java.net.URLEncoder.encode(c, java.nio.charset.StandardCharsets.UTF_8) + "?format=plain"))
                    .header("X-Auth-Token", token).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 404) {
                continue;
            }
            if (r.statusCode() / 100 != 2) {
                throw new AssertionError("listing " + c + ": HTTP " + r.statusCode());
            }
            r.body().lines().filter(l -> !l.isEmpty()).forEach(l -> all.add(c + "/" + l));
        }
        all.sort(null);
        return all;
    }
}
