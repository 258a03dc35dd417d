package fr.coffre.store.replicated;

import fr.coffre.InvalidInputException;
import fr.coffre.store.ListPage;
import fr.coffre.store.ObjectInfo;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.ReplicationListener;
import fr.coffre.store.ReplicationListener.Operation;
import fr.coffre.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The listing of a replicated store: the union of every answering replica's listing, merged in lexicographic order,
 * each name once (its {@link ObjectInfo} from the first replica in read order that lists it). An object written
 * while one replica was down, or not yet repaired onto it, is listed as long as one answering replica has it.
 *
 * <p>Each page reads the current page of every replica still listing, and emits, in order, the names after the
 * last one emitted up to the smallest last name among the replicas that have more: no replica can list a name
 * before that bound later. A replica whose page was wholly emitted moves on to its next page; the others read the
 * same page again next time. A replica that fails is reported to the listener and leaves this listing (the union of
 * the others goes on); the listing fails only when no replica answers.
 *
 * <p>The page token carries the last name emitted and each replica's position:
 * {@code u~<base64url last name>~<state>~<state>...}, a state being {@code s} (start), {@code x} (done or left) or
 * {@code t<base64url of the replica's own token>}.
 */
final class UnionListing {
    private static final String START = "s";
    private static final String DONE = "x";
    /** Pages of nothing in a row (replicas emitting only names already emitted) before an empty page is returned. */
    private static final int MAX_ROUNDS = 16;

    private final List<ObjectStore> replicas;
    private final List<Integer> readOrder;
    private final ReplicationListener listener;
    private final String storeDescription;

    UnionListing(List<ObjectStore> replicas, List<Integer> readOrder, ReplicationListener listener,
            String storeDescription) {
        this.replicas = replicas;
        this.readOrder = readOrder;
        this.listener = listener;
        this.storeDescription = storeDescription;
    }

    ListPage list(String prefix, String pageToken, int maxResults) {
        String[] states = new String[replicas.size()];
        String after;
        if (pageToken == null) {
            java.util.Arrays.fill(states, START);
            after = null;
        } else {
            String[] parts = pageToken.split("~", -1);
            if (parts.length != replicas.size() + 2 || !parts[0].equals("u")) {
                throw badToken();
            }
            after = parts[1].isEmpty() ? null : decode(parts[1]);
            for (int i = 0; i < states.length; i++) {
                String s = parts[i + 2];
                if (!s.equals(START) && !s.equals(DONE) && !(s.startsWith("t") && s.length() > 1)) {
                    throw badToken();
                }
                states[i] = s;
            }
        }
        for (int round = 0; ; round++) {
            Round r = round(prefix, states, after, maxResults, pageToken == null && round == 0);
            after = r.after;
            boolean done = java.util.Arrays.stream(states).allMatch(DONE::equals);
            if (!r.objects.isEmpty() || done || round + 1 == MAX_ROUNDS) {
                return new ListPage(r.objects, done ? Optional.empty() : Optional.of(token(after, states)));
            }
        }
    }

    private record Round(List<ObjectInfo> objects, String after) {
    }

    /** One merge over the current page of each replica still listing; updates {@code states} in place. */
    private Round round(String prefix, String[] states, String after, int maxResults, boolean firstPage) {
        List<StoreException> failures = new ArrayList<>();
        ListPage[] pages = new ListPage[replicas.size()];
        boolean anyListing = false;
        for (int i : readOrder) {
            if (states[i].equals(DONE)) {
                continue;
            }
            anyListing = true;
            try {
                pages[i] = replicas.get(i).list(prefix, states[i].equals(START) ? null : decode(states[i].substring(1)),
                        maxResults);
            } catch (StoreException e) {
                failures.add(e);
                listener.replicaFailed(Operation.READ, null, i, replicas.get(i).descriptor(), e);
                states[i] = DONE;
            }
        }
        if (anyListing && java.util.Arrays.stream(pages).allMatch(p -> p == null)) {
            throw Outcomes.noReplicaServed(firstPage ? "listing" : "listing (next page)", storeDescription, failures);
        }
        String bound = null;   // no replica that has more can list a name before its page's last one
        for (ListPage p : pages) {
            if (p != null && p.nextToken().isPresent()) {
                String last = p.objects().isEmpty() ? (after == null ? "" : after) : lastName(p);
                bound = bound == null || last.compareTo(bound) < 0 ? last : bound;
            }
        }
        TreeMap<String, ObjectInfo> merged = new TreeMap<>();
        for (int i : readOrder) {
            if (pages[i] != null) {
                for (ObjectInfo o : pages[i].objects()) {
                    boolean fresh = after == null || o.name().compareTo(after) > 0;
                    if (fresh && (bound == null || o.name().compareTo(bound) <= 0)) {
                        merged.putIfAbsent(o.name(), o);
                    }
                }
            }
        }
        List<ObjectInfo> out = new ArrayList<>(Math.min(merged.size(), maxResults));
        for (ObjectInfo o : merged.values()) {
            if (out.size() == maxResults) {
                break;
            }
            out.add(o);
        }
        String emitted = out.isEmpty() ? after : out.get(out.size() - 1).name();
        for (int i = 0; i < pages.length; i++) {
            ListPage p = pages[i];
            if (p == null) {
                continue;
            }
            boolean consumed = p.objects().isEmpty() || emitted != null && lastName(p).compareTo(emitted) <= 0;
            if (consumed) {
                states[i] = p.nextToken().map(t -> "t" + encode(t)).orElse(DONE);
            }
        }
        return new Round(out, emitted);
    }

    /** The last name of a non-empty page. */
    private static String lastName(ListPage p) {
        return p.objects().get(p.objects().size() - 1).name();
    }

    private static String token(String after, String[] states) {
        StringBuilder b = new StringBuilder("u~").append(after == null ? "" : encode(after));
        for (String s : states) {
            b.append('~').append(s);
        }
        return b.toString();
    }

    private static String encode(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String s) {
        try {
            return new String(Base64.getUrlDecoder().decode(s), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw badToken();
        }
    }

    private static InvalidInputException badToken() {
        return new InvalidInputException("pageToken: must be null or a token returned by a previous page");
    }
}
