package io.github.camelelevateai.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelelevateai.routes.ChatOutcomes;
import io.github.camelelevateai.sandbox.ElevateAiSandbox;
import io.github.camelelevateai.sandbox.ElevateAiSandboxExtension;
import io.github.camelelevateai.sandbox.Fault;
import io.github.camelelevateai.sandbox.RecordedRequest;
import jakarta.jms.Connection;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The fault suite of issue 10: many chats through the file route and the JMS route (the very YAML files, through the
 * runner), each meeting a random sequence of faults of its own at the sandbox (0 to 4 of: 429 with and without
 * {@code Retry-After}, 503, 500, a dropped connection, a declare whose answer is dropped, a declare answered after the
 * request timeout), then the API's normal answer. Scripted per chat, so that with many chats declared at once each
 * chat's fate can be computed from its own script:
 * <ul>
 * <li>only retryable faults (429, 503): the chat is declared once, its result kept, after exactly one request per fault
 * and one more;</li>
 * <li>otherwise the first fault whose outcome the client cannot know (500, dropped, declared and dropped, late) is the
 * chat's last request: it is set aside as "may have been declared", never sent again, and declared once or never as
 * that fault says;</li>
 * <li>one chat in twenty meets a storm of 429s and 503s that no retries outlast: it is set aside as not declared after
 * at most {@link #MAX_ATTEMPTS} requests, the bound of one retry layer given {@link #REDELIVERIES} retries.</li>
 * </ul>
 * Then every chat is put back, as after a crash: none is sent again, a declared one gets its result again. Per chat:
 * at most one declare; a result naming an identifier the API gave that chat, or a reason that matches what the API saw
 * (not-sent wording only when the API declared nothing, "may have been declared" only when its last request may have
 * been); and the runner's counts agree with the API's record.
 * <p>
 * Seeded: every assertion message names the seed. Replay with {@code -Delevateai.faults.seed=<seed>}; set the chats
 * per route with {@code -Delevateai.faults.chats=<n>} (200 by default; {@code mvn -Pfaults test} runs 2,000).
 */
class FaultSequenceTest {

    static final long SEED = Long.getLong("elevateai.faults.seed", ThreadLocalRandom.current().nextLong());
    static final int CHATS = Integer.getInteger("elevateai.faults.chats", 200);

    /** Short, so that a late answer costs little; long enough that a normal answer on a busy machine is never late. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
    /** Well after the client gave up, even if its timer fires late; nobody waits for it. */
    static final Duration LATE = REQUEST_TIMEOUT.plusSeconds(3);
    /** After these nothing was declared: trying the same declare again cannot declare the chat twice. */
    static final List<Fault> RETRYABLE = List.of(Fault.rateLimited(Duration.ZERO), Fault.rateLimited(null),
            Fault.status(503));
    /** After these the client cannot know whether the chat was declared: it must never be sent again. */
    static final List<Fault> OUTCOME_UNKNOWN = List.of(Fault.status(500), Fault.dropped(), Fault.declaredThenDropped(),
            Fault.declaredThenAnsweredAfter(LATE));
    static final int MAX_FAULTS = 4;
    /**
     * More than any script's retryable faults, so that a chat with only those always ends declared. Set as both the
     * route's redeliveries and the component's own retries, so that one retry layer, whichever it is, gives at most
     * {@link #MAX_ATTEMPTS} requests per chat, and two layers that multiply give more.
     */
    static final int REDELIVERIES = MAX_FAULTS + 2;
    static final int MAX_ATTEMPTS = REDELIVERIES + 1;
    /** Some chats meet a storm of retryable faults, longer than any retries can outlast: they must end not declared. */
    static final double STORM_SHARE = 0.05;
    static final int STORM_LENGTH = 120;

    static final Pattern MAY_HAVE_BEEN_DECLARED = Pattern.compile(
            "may (or may not )?have been declared|whether it was declared is unknown", Pattern.CASE_INSENSITIVE);
    /** Words of a reason that says nothing was declared (and the chat can be sent again). */
    static final Pattern NOT_DECLARED = Pattern.compile(
            "(was|were) not (declared|sent)|nothing (was )?declared|not sent either", Pattern.CASE_INSENSITIVE);

    @RegisterExtension
    static final ElevateAiSandboxExtension ELEVATEAI = new ElevateAiSandboxExtension();

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private ElevateAiRunner runner;

    @BeforeAll
    static void printSeed() {
        System.out.println("FaultSequenceTest: seed " + SEED + ", " + CHATS + " chats per route (replay with"
                           + " -Delevateai.faults.seed=" + SEED + " -Delevateai.faults.chats=" + CHATS + ")");
    }

    @AfterEach
    void stopRunner() throws Exception {
        if (runner != null) {
            runner.stop();
        }
    }

    @Test
    void fileRoute() throws Exception {
        List<Script> scripts = scripts(SEED, CHATS);
        sandbox().faultsPerChat(planOf(scripts));
        Path inbox = work.resolve("inbox");
        for (Script script : scripts) {
            drop(inbox, script.chat() + ".json", FileRouteTest.chat(script.chat()));
        }
        Report report;
        try (RouteLog log = new RouteLog()) {
            start("routes/file-to-elevateai.yaml", Map.of("elevateai.file.min.age", "1",
                    "elevateai.file.poll.delay", "50"));
            awaitQuietly("file route, " + scripts.size() + " chats",
                    () -> finished(inbox, scripts, "") && processed() == scripts.size());
            report = new Report("file route", scripts, sandbox().requests());
            report.checkLog(log.lines(), script -> script.chat() + ".json");
        }
        Map<String, List<String>> resultsBySource = outboxResults().stream().collect(Collectors.groupingBy(
                result -> fileName(result.path("source").asText()), TreeMap::new,
                Collectors.mapping(result -> result.path("interactionIdentifier").asText(), Collectors.toList())));
        for (Script script : scripts) {
            String name = script.chat() + ".json";
            report.check(script, resultsBySource.getOrDefault(name, List.of()), reasons(inbox, name),
                    folderOf(inbox, name));
        }
        report.checkCounts(runner.outcomes());

        // every chat put back under another name, as a producer would after a crash: no chat is sent again
        for (Script script : scripts) {
            drop(inbox, copyOf(script) + ".json", FileRouteTest.chat(script.chat()));
        }
        awaitQuietly("file route, their copies",
                () -> finished(inbox, scripts, "again-") && processed() == 2L * scripts.size());
        Map<String, Long> resultsByIdentifier = outboxResults().stream().collect(Collectors.groupingBy(
                result -> result.path("interactionIdentifier").asText(), Collectors.counting()));
        report.checkCopies(sandbox().requests(), runner.outcomes(), script -> {
            String name = copyOf(script) + ".json";
            return new Copy(reasons(inbox, name), folderOf(inbox, name));
        }, identifier -> resultsByIdentifier.getOrDefault(identifier, 0L).intValue());
        report.assertNoViolations();
    }

    @Test
    void jmsRoute() throws Exception {
        List<Script> scripts = scripts(SEED, CHATS);
        sandbox().faultsPerChat(planOf(scripts));
        try (EmbeddedArtemis broker = EmbeddedArtemis.start(work.resolve("artemis"), 0);
             Connection client = new ActiveMQConnectionFactory(broker.url()).createConnection()) {
            try {
                declareOverJms(scripts, broker, client);
            } finally {
                // before the broker goes
                if (runner != null) {
                    runner.stop();
                    runner = null;
                }
            }
        }
    }

    private void declareOverJms(List<Script> scripts, EmbeddedArtemis broker, Connection client) throws Exception {
        List<JsonNode> results = new CopyOnWriteArrayList<>();
        Map<String, List<String>> reasonsBySource = new ConcurrentHashMap<>();
        Session resultSession = client.createSession(false, Session.AUTO_ACKNOWLEDGE);
        resultSession.createConsumer(resultSession.createQueue("elevateai.results")).setMessageListener(message -> {
            try {
                results.add(JSON.readTree(message.getBody(String.class)));
            } catch (Exception e) {
                results.add(JSON.createObjectNode().put("unreadable", e.toString()));
            }
        });
        Session deadSession = client.createSession(false, Session.AUTO_ACKNOWLEDGE);
        deadSession.createConsumer(deadSession.createQueue("elevateai.chats.DLQ")).setMessageListener(message -> {
            try {
                reasonsBySource.computeIfAbsent(String.valueOf(message.getStringProperty("elevateaiSource")),
                        source -> new CopyOnWriteArrayList<>()).add(message.getStringProperty("elevateaiReason"));
            } catch (Exception e) {
                reasonsBySource.computeIfAbsent("unreadable", source -> new CopyOnWriteArrayList<>())
                        .add(e.toString());
            }
        });
        client.start();
        Session session = client.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer producer = session.createProducer(session.createQueue("elevateai.chats"));
        Map<String, String> sourceOf = new LinkedHashMap<>();
        for (Script script : scripts) {
            TextMessage message = session.createTextMessage(FileRouteTest.chat(script.chat()));
            producer.send(message);
            sourceOf.put(script.chat(), message.getJMSMessageID());
        }
        Report report;
        try (RouteLog log = new RouteLog()) {
            start("routes/jms-to-elevateai.yaml", Map.of("elevateai.jms.url", broker.url()));
            awaitQuietly("JMS route, " + scripts.size() + " chats", () -> processed() == scripts.size()
                               && results.size() + count(reasonsBySource.values()) >= scripts.size());
            report = new Report("JMS route", scripts, sandbox().requests());
            report.checkLog(log.lines(), script -> sourceOf.get(script.chat()));
        }
        Map<String, List<String>> resultsBySource = results.stream().collect(Collectors.groupingBy(
                result -> result.path("source").asText(), Collectors.mapping(
                        result -> result.path("interactionIdentifier").asText(), Collectors.toList())));
        for (Script script : scripts) {
            String source = sourceOf.get(script.chat());
            report.check(script, resultsBySource.getOrDefault(source, List.of()),
                    reasonsBySource.getOrDefault(source, List.of()), null);
        }
        report.checkCounts(runner.outcomes());

        Map<String, String> copySourceOf = new LinkedHashMap<>();
        for (Script script : scripts) {
            TextMessage message = session.createTextMessage(FileRouteTest.chat(script.chat()));
            producer.send(message);
            copySourceOf.put(script.chat(), message.getJMSMessageID());
        }
        awaitQuietly("JMS route, their copies", () -> processed() == 2L * scripts.size()
                           && results.size() + count(reasonsBySource.values()) >= 2L * scripts.size());
        Map<String, Long> resultsByIdentifier = results.stream().collect(Collectors.groupingBy(
                result -> result.path("interactionIdentifier").asText(), Collectors.counting()));
        report.checkCopies(sandbox().requests(), runner.outcomes(),
                script -> new Copy(reasonsBySource.getOrDefault(copySourceOf.get(script.chat()), List.of()), null),
                identifier -> resultsByIdentifier.getOrDefault(identifier, 0L).intValue());
        report.assertNoViolations();
    }

    enum Expected {
        DECLARED, MAY_HAVE_BEEN_DECLARED, NOT_DECLARED
    }

    /** A chat and the faults its successive requests meet before the API's normal answer. */
    record Script(String chat, List<Fault> faults) {

        boolean storm() {
            return faults.size() > MAX_FAULTS;
        }

        /** The position of the first fault whose outcome the client cannot know, or -1 when all are retryable. */
        int firstUnknown() {
            for (int i = 0; i < faults.size(); i++) {
                if (OUTCOME_UNKNOWN.contains(faults.get(i))) {
                    return i;
                }
            }
            return -1;
        }

        Expected expected() {
            return storm() ? Expected.NOT_DECLARED
                    : firstUnknown() < 0 ? Expected.DECLARED : Expected.MAY_HAVE_BEEN_DECLARED;
        }

        /**
         * Every retryable fault is retried once and nothing is sent after an unknown outcome; a storm is given up after
         * at most {@link #MAX_ATTEMPTS} (-1: not an exact number).
         */
        int requests() {
            return switch (expected()) {
                case DECLARED -> faults.size() + 1;
                case MAY_HAVE_BEEN_DECLARED -> firstUnknown() + 1;
                case NOT_DECLARED -> -1;
            };
        }

        boolean declares() {
            return switch (expected()) {
                case DECLARED -> true;
                case MAY_HAVE_BEEN_DECLARED -> faults.get(firstUnknown()).declares();
                case NOT_DECLARED -> false;
            };
        }

        /** The faults the chat can meet (up to the first unknown outcome, which ends it), for grouping failures. */
        String reached() {
            return switch (expected()) {
                case DECLARED -> faults.toString();
                case MAY_HAVE_BEEN_DECLARED -> faults.subList(0, firstUnknown() + 1).toString();
                case NOT_DECLARED -> "a storm of " + faults.size() + " 429s and 503s";
            };
        }

        String describe() {
            return storm() ? "a storm of " + faults.size() + " 429s and 503s" : faults.toString();
        }
    }

    static List<Script> scripts(long seed, int chats) {
        Random random = new Random(seed);
        List<Fault> palette = new ArrayList<>(RETRYABLE);
        palette.addAll(OUTCOME_UNKNOWN);
        List<Script> scripts = new ArrayList<>();
        for (int i = 0; i < chats; i++) {
            List<Fault> faults = new ArrayList<>();
            if (random.nextDouble() < STORM_SHARE) {
                for (int j = 0; j < STORM_LENGTH; j++) {
                    faults.add(RETRYABLE.get(random.nextInt(RETRYABLE.size())));
                }
            } else {
                int count = random.nextInt(MAX_FAULTS + 1);
                for (int j = 0; j < count; j++) {
                    faults.add(palette.get(random.nextInt(palette.size())));
                }
            }
            scripts.add(new Script(String.format("chat-%05d", i), List.copyOf(faults)));
        }
        return scripts;
    }

    /** The chat's name is its customer's name (FileRouteTest.chat), which the declare request carries. */
    static Function<JsonNode, List<Fault>> planOf(List<Script> scripts) {
        Map<String, List<Fault>> byChat = scripts.stream().collect(Collectors.toMap(Script::chat, Script::faults));
        return request -> {
            for (JsonNode participant : request == null ? List.<JsonNode> of() : request.path("chat").path("participants")) {
                List<Fault> faults = byChat.get(participant.path("name").asText());
                if (faults != null) {
                    return faults;
                }
            }
            return null;
        };
    }

    static String chatOf(RecordedRequest request) {
        try {
            for (JsonNode participant : JSON.readTree(request.body()).path("chat").path("participants")) {
                String name = participant.path("name").asText();
                if (name.startsWith("chat-")) {
                    return name;
                }
            }
        } catch (IOException e) {
            // not a chat of this test
        }
        return "?";
    }

    /** What a put-back copy of a chat became (its result is found by the identifier of the chat's one declare). */
    record Copy(List<String> reasons, String folder) {
    }

    /** The checks, with every violation collected, so that a failing run lists every chat that went wrong. */
    static final class Report {

        private final String route;
        private final List<Script> scripts;
        private final Map<String, List<RecordedRequest>> seen;
        private final Map<String, String> endedAs = new LinkedHashMap<>();
        /** Chats set aside in the first round with a reason saying nothing was declared: their copies may be sent. */
        private final Set<String> setAsideNotDeclared = new HashSet<>();
        private final Map<String, List<String>> violations = new TreeMap<>();
        private final List<String> general = new ArrayList<>();
        private int results;
        private int reasons;

        Report(String route, List<Script> scripts, List<RecordedRequest> requests) {
            this.route = route;
            this.scripts = scripts;
            this.seen = requests.stream().collect(Collectors.groupingBy(FaultSequenceTest::chatOf));
        }

        void check(Script script, List<String> resultIds, List<String> reasonTexts, String folder) {
            List<RecordedRequest> requests = seen.getOrDefault(script.chat(), List.of());
            List<String> problems = new ArrayList<>();
            long declares = requests.stream().filter(RecordedRequest::declared).count();
            if (declares > 1) {
                problems.add("declared " + declares + " times");
            }
            for (int i = 0; i < requests.size() - 1; i++) {
                if (OUTCOME_UNKNOWN.contains(requests.get(i).fault())) {
                    problems.add("sent again after request " + (i + 1) + " met " + requests.get(i).fault()
                                 + " (outcome unknown)");
                    break;
                }
            }
            if (script.requests() >= 0 && requests.size() != script.requests()) {
                problems.add(script.requests() + " requests expected, the API got " + requests.size());
            }
            if (requests.size() > MAX_ATTEMPTS) {
                problems.add(requests.size() + " requests, more than the " + MAX_ATTEMPTS
                             + " that one retry layer allows");
            }
            List<String> identifiers = requests.stream().map(RecordedRequest::interactionIdentifier)
                    .filter(id -> id != null).toList();
            for (String id : resultIds) {
                if (!identifiers.contains(id)) {
                    problems.add("its result names " + id + ", an identifier the API never gave this chat");
                }
            }
            for (String reason : reasonTexts) {
                boolean mayHaveBeen = MAY_HAVE_BEEN_DECLARED.matcher(reason).find();
                if (!mayHaveBeen && NOT_DECLARED.matcher(reason).find() && declares > 0) {
                    problems.add("set aside as not declared, although the API declared it");
                }
                RecordedRequest last = requests.isEmpty() ? null : requests.get(requests.size() - 1);
                if (mayHaveBeen && (last == null || !OUTCOME_UNKNOWN.contains(last.fault()))) {
                    problems.add("set aside as maybe declared, although the API's last answer said it declared nothing");
                }
            }
            if (resultIds.size() + reasonTexts.size() != 1) {
                problems.add(resultIds.size() + " results and " + reasonTexts.size() + " reasons instead of one");
            }
            switch (script.expected()) {
                case DECLARED -> {
                    if (resultIds.isEmpty()) {
                        problems.add("expected declared with its result, but no result");
                    }
                }
                case MAY_HAVE_BEEN_DECLARED -> {
                    if (reasonTexts.stream().noneMatch(reason -> MAY_HAVE_BEEN_DECLARED.matcher(reason).find())) {
                        problems.add("expected set aside as maybe declared after "
                                     + script.faults().get(script.firstUnknown()));
                    }
                }
                case NOT_DECLARED -> {
                    if (reasonTexts.stream().noneMatch(reason -> NOT_DECLARED.matcher(reason).find()
                                                                 && !MAY_HAVE_BEEN_DECLARED.matcher(reason).find())) {
                        problems.add("expected set aside as not declared");
                    }
                }
            }
            String expectedFolder = script.expected() == Expected.DECLARED ? ".done" : ".error";
            if (folder != null && !expectedFolder.equals(folder)) {
                problems.add("its file is in " + folder + ", not " + expectedFolder);
            }
            if (resultIds.isEmpty() && reasonTexts.size() == 1 && NOT_DECLARED.matcher(reasonTexts.get(0)).find()
                && !MAY_HAVE_BEEN_DECLARED.matcher(reasonTexts.get(0)).find()) {
                setAsideNotDeclared.add(script.chat());
            }
            results += resultIds.size();
            this.reasons += reasonTexts.size();
            endedAs.put(script.chat(), !resultIds.isEmpty() ? "declared as " + resultIds
                    : reasonTexts.isEmpty() ? "no outcome" : "set aside: " + abbreviate(reasonTexts.get(0)));
            if (!problems.isEmpty()) {
                violations.computeIfAbsent(script.chat(), chat -> new ArrayList<>()).addAll(problems);
            }
        }

        /**
         * The routes' line per chat against the API's record: one {@code declared <source> as <id>} with the identifier
         * the API answered, for a chat whose declare was answered; one {@code set aside <source>: } otherwise.
         */
        void checkLog(List<String> lines, Function<Script, String> sourceOf) {
            for (Script script : scripts) {
                String source = sourceOf.apply(script);
                List<RecordedRequest> requests = seen.getOrDefault(script.chat(), List.of());
                RecordedRequest last = requests.isEmpty() ? null : requests.get(requests.size() - 1);
                boolean answered = last != null && last.fault() == null && last.declared();
                List<String> declaredLines = lines.stream().filter(line -> line.startsWith("declared " + source + " as "))
                        .toList();
                long setAsideLines = lines.stream().filter(line -> line.startsWith("set aside " + source + ": ")).count();
                List<String> problems = new ArrayList<>();
                if (answered && !declaredLines.equals(List.of("declared " + source + " as " + last.interactionIdentifier()))) {
                    problems.add("logged " + declaredLines + " for a declare the API answered with "
                                 + last.interactionIdentifier());
                }
                if (!answered && (!declaredLines.isEmpty() || setAsideLines != 1)) {
                    problems.add("logged " + declaredLines.size() + " declared and " + setAsideLines
                                 + " set-aside lines for a chat the API answered no declare of");
                }
                if (!problems.isEmpty()) {
                    violations.computeIfAbsent(script.chat(), chat -> new ArrayList<>()).addAll(problems);
                }
            }
        }

        /** The runner's counts after the first round against what the API recorded and what the route left. */
        void checkCounts(ChatOutcomes outcomes) {
            long answeredDeclares = seen.values().stream().filter(requests -> {
                RecordedRequest last = requests.get(requests.size() - 1);
                return last.fault() == null && last.declared();
            }).count();
            long expectedDeclares = scripts.stream().filter(Script::declares).count();
            long apiDeclares = seen.values().stream().flatMap(List::stream).filter(RecordedRequest::declared).count();
            if (apiDeclares != expectedDeclares) {
                general.add("the API declared " + apiDeclares + " times; the scripts allow " + expectedDeclares);
            }
            if (outcomes.declaredCount() != answeredDeclares || outcomes.declaredCount() != results) {
                general.add("the runner counts " + outcomes.declaredCount() + " declared; the API answered "
                            + answeredDeclares + " declares and the route left " + results + " results");
            }
            if (outcomes.setAsideCount() != reasons || outcomes.duplicateCount() != 0) {
                general.add("the runner counts " + outcomes.setAsideCount() + " set aside and "
                            + outcomes.duplicateCount() + " already declared; the route left " + reasons + " reasons");
            }
        }

        /**
         * After every chat was put back: no request for a chat that was declared or may have been; each copy of a
         * declared chat acknowledged with the result of its one declare, each copy of an unknown one set aside.
         *
         * @param resultsWith how many results (both rounds) carry an identifier
         */
        void checkCopies(List<RecordedRequest> allRequests, ChatOutcomes outcomes, Function<Script, Copy> copyOf,
                Function<String, Integer> resultsWith) {
            Map<String, List<RecordedRequest>> now = allRequests.stream()
                    .collect(Collectors.groupingBy(FaultSequenceTest::chatOf));
            long expectedDuplicates = 0;
            for (Script script : scripts) {
                List<RecordedRequest> before = seen.getOrDefault(script.chat(), List.of());
                List<RecordedRequest> after = now.getOrDefault(script.chat(), List.of());
                List<String> problems = new ArrayList<>();
                Copy copy = copyOf.apply(script);
                String ended = endedAs.get(script.chat());
                long declares = after.stream().filter(RecordedRequest::declared).count();
                if (declares > 1 && declares > before.stream().filter(RecordedRequest::declared).count()) {
                    problems.add("declared " + declares + " times, its copy included");
                }
                if (setAsideNotDeclared.contains(script.chat())) {
                    // nothing was declared, so the copy may be sent: it meets the rest of its storm
                    if (after.size() - before.size() > MAX_ATTEMPTS) {
                        problems.add("its copy was sent " + (after.size() - before.size()) + " times, more than the "
                                     + MAX_ATTEMPTS + " that one retry layer allows");
                    }
                    if (script.storm() && (copy.reasons().size() != 1
                                           || !NOT_DECLARED.matcher(copy.reasons().get(0)).find())) {
                        problems.add("its copy, which met the rest of its storm, was not set aside as not declared: "
                                     + copy.reasons().stream().map(Report::abbreviate).toList());
                    }
                } else if (after.size() > before.size()) {
                    problems.add("its copy was sent again (" + (after.size() - before.size()) + " more requests: "
                                 + describe(after.subList(before.size(), after.size())) + ")");
                }
                if (ended != null && ended.startsWith("declared as ")) {
                    expectedDuplicates++;
                    String identifier = before.stream().filter(r -> r.fault() == null && r.declared())
                            .map(RecordedRequest::interactionIdentifier).reduce((a, b) -> b).orElse("?");
                    if (resultsWith.apply(identifier) < 2 || !copy.reasons().isEmpty()) {
                        problems.add("its copy did not get the result of its one declare (" + identifier + "): "
                                     + copy.reasons().stream().map(Report::abbreviate).toList());
                    }
                    if (copy.folder() != null && !".done".equals(copy.folder())) {
                        problems.add("its copy's file is in " + copy.folder() + ", not .done");
                    }
                } else if (script.expected() == Expected.MAY_HAVE_BEEN_DECLARED) {
                    if (copy.reasons().size() != 1
                        || !MAY_HAVE_BEEN_DECLARED.matcher(copy.reasons().get(0)).find()) {
                        problems.add("its copy was not set aside as maybe declared: "
                                     + copy.reasons().stream().map(Report::abbreviate).toList());
                    }
                }
                if (!problems.isEmpty()) {
                    violations.computeIfAbsent(script.chat(), chat -> new ArrayList<>()).addAll(problems);
                }
            }
            if (outcomes.duplicateCount() != expectedDuplicates) {
                general.add("after the copies the runner counts " + outcomes.duplicateCount()
                            + " already declared; " + expectedDuplicates + " chats were declared");
            }
        }

        void assertNoViolations() {
            List<RecordedRequest> all = seen.values().stream().flatMap(List::stream).toList();
            long maxDeclares = seen.values().stream()
                    .mapToLong(requests -> requests.stream().filter(RecordedRequest::declared).count()).max().orElse(0);
            long declaredChats = endedAs.values().stream().filter(ended -> ended.startsWith("declared")).count();
            System.out.println("FaultSequenceTest: " + route + ": " + scripts.size() + " chats, " + all.size()
                               + " requests, " + all.stream().filter(request -> request.fault() != null).count()
                               + " faults served, " + all.stream().filter(RecordedRequest::declared).count()
                               + " declares (at most " + maxDeclares + " a chat), " + declaredChats + " declared with"
                               + " their result, " + endedAs.values().stream().filter(ended -> ended.startsWith("set aside"))
                                       .count() + " set aside, " + endedAs.values().stream()
                                       .filter("no outcome"::equals).count() + " lost, " + violations.size()
                               + " chats with a violation");
            StringBuilder message = new StringBuilder();
            message.append(route).append(", seed ").append(SEED).append(", ").append(scripts.size())
                    .append(" chats (replay: -Delevateai.faults.seed=").append(SEED)
                    .append(" -Delevateai.faults.chats=").append(scripts.size()).append("): ")
                    .append(violations.size()).append(" chats went wrong");
            general.forEach(line -> message.append("\n  ").append(line));
            Map<String, Long> byPattern = violations.keySet().stream().map(this::script).collect(Collectors.groupingBy(
                    Script::reached, TreeMap::new, Collectors.counting()));
            if (!byPattern.isEmpty()) {
                message.append("\n  by the faults they met: ").append(byPattern);
            }
            violations.entrySet().stream().limit(60).forEach(entry -> {
                Script script = script(entry.getKey());
                message.append("\n  ").append(entry.getKey()).append(" script ").append(script.describe())
                        .append("; API saw ").append(describe(seen.getOrDefault(entry.getKey(), List.of())))
                        .append("; ").append(endedAs.get(entry.getKey())).append(": ")
                        .append(String.join("; ", entry.getValue()));
            });
            if (violations.size() > 60) {
                message.append("\n  ... and ").append(violations.size() - 60).append(" more");
            }
            if (!violations.isEmpty() || !general.isEmpty()) {
                fail(message.toString());
            }
        }

        private Script script(String chat) {
            return scripts.stream().filter(script -> script.chat().equals(chat)).findFirst().orElseThrow();
        }

        /** What the API did with each request, repeats counted: {@code [429 x3, 503, 201]}. */
        static String describe(List<RecordedRequest> requests) {
            List<String> runs = new ArrayList<>();
            String previous = null;
            int repeats = 0;
            for (RecordedRequest request : requests) {
                String what = request.fault() == null ? (request.declared() ? "201" : "answered")
                        : request.fault().toString();
                if (what.equals(previous)) {
                    repeats++;
                } else {
                    if (previous != null) {
                        runs.add(previous + (repeats > 1 ? " x" + repeats : ""));
                    }
                    previous = what;
                    repeats = 1;
                }
            }
            if (previous != null) {
                runs.add(previous + (repeats > 1 ? " x" + repeats : ""));
            }
            return runs.toString();
        }

        static String abbreviate(String text) {
            String line = text.replace('\n', ' ');
            return line.length() > 110 ? line.substring(0, 110) + "..." : line;
        }
    }

    private void start(String route, Map<String, String> overrides) throws Exception {
        Map<String, String> properties = RouteTestProperties.against(sandbox(), work);
        properties.put("camel.component.elevateai.requestTimeout", String.valueOf(REQUEST_TIMEOUT.toMillis()));
        properties.put("elevateai.redeliveries", String.valueOf(REDELIVERIES));
        properties.put("camel.component.elevateai.maxRetries", String.valueOf(REDELIVERIES));
        properties.putAll(overrides);
        runner = new ElevateAiRunner(System.out);
        runner.start(List.of(route), properties);
    }

    private long processed() {
        ChatOutcomes outcomes = runner.outcomes();
        return outcomes == null ? 0
                : outcomes.declaredCount() + outcomes.duplicateCount() + outcomes.setAsideCount();
    }

    /** Waits generously, and on time-out goes on to the checks, which then name the chats that never finished. */
    private static void awaitQuietly(String what, BooleanSupplier done) {
        long start = System.nanoTime();
        try {
            await().atMost(Duration.ofSeconds(60 + CHATS / 4)).pollInterval(Duration.ofMillis(100))
                    .until(done::getAsBoolean);
            System.out.println("FaultSequenceTest: " + what + " in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        } catch (ConditionTimeoutException e) {
            System.out.println("FaultSequenceTest: " + what + ": not every chat finished in time (seed " + SEED + ")");
        }
    }

    private static String copyOf(Script script) {
        return script.chat().replace("chat-", "again-");
    }

    private static void drop(Path inbox, String name, String content) throws IOException {
        Inbox.drop(inbox, name, content);
    }

    /** Every chat file (named with {@code prefix}) has left the inbox. */
    private static boolean finished(Path inbox, List<Script> scripts, String prefix) {
        return scripts.stream().map(script -> (prefix.isEmpty() ? script.chat() : copyOf(script)) + ".json")
                .noneMatch(name -> Files.exists(inbox.resolve(name)));
    }

    /** Where the route moved the chat file: kept as {@code <stem>.<taken at>.json} in .done or .error. */
    private static String folderOf(Path inbox, String name) {
        String stem = name.substring(0, name.length() - ".json".length());
        for (String folder : List.of(".done", ".error")) {
            if (!RouteFiles.all(inbox.resolve(folder), stem, "\\d{8}T\\d{9}\\.json").isEmpty()) {
                return folder;
            }
        }
        return Files.exists(inbox.resolve(name)) ? "the inbox" : "no folder";
    }

    /** The reasons beside a set-aside chat file: {@code <stem>.<taken at>.error.txt}. */
    private static List<String> reasons(Path inbox, String chatFile) {
        String stem = chatFile.substring(0, chatFile.length() - ".json".length());
        return RouteFiles.all(inbox.resolve(".error"), stem, ".*\\.error\\.txt").stream()
                .map(FaultSequenceTest::readString).toList();
    }

    /** Every result in the outbox, whatever its file's name. */
    private List<JsonNode> outboxResults() throws IOException {
        Path outbox = work.resolve("outbox");
        if (!Files.isDirectory(outbox)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(outbox)) {
            return files.map(file -> {
                try {
                    return JSON.readTree(file.toFile());
                } catch (IOException e) {
                    return JSON.createObjectNode().put("source", "unreadable " + file.getFileName());
                }
            }).toList();
        }
    }

    private static String fileName(String source) {
        return source.substring(source.lastIndexOf('/') + 1);
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long count(Collection<List<String>> lists) {
        return lists.stream().mapToLong(List::size).sum();
    }

    private static ElevateAiSandbox sandbox() {
        return ELEVATEAI.sandbox();
    }
}
