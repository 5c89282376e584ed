package org.tcpkit.auth;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.tcpkit.echo.EchoSession;
import org.tcpkit.net.Connection;
import org.tcpkit.net.ConnectionHandler;
import org.tcpkit.net.DisconnectReason;
import org.tcpkit.net.Preview;

/**
 * Authentication mode: the client names itself; a known user proves it with a password, an unknown name is
 * offered registration. Then the echo session. Wrong passwords all get the same answer, at most
 * {@link #MAX_TRIES} per connection, and repeated failures slow further attempts (see {@link LoginThrottle}).
 */
public final class AuthSession implements ConnectionHandler {
    private final OpenDialogues dialogues = new OpenDialogues();
    /** Password attempts per connection, invalid names per connection, and registration attempts. */
    public static final int MAX_TRIES = 3;
    static final String WRONG = "Wrong name or password.";

    private final UserStore store;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final Duration answerTime;
    private final boolean encrypted;
    private final EchoSession echo;
    private final Logger log;
    private final java.util.function.Function<String, String> nameRule;
    private final RegistrationLimit registrations;
    /** Whether a successful login ends the dialogue with its own {@code ok:} line (not inside the chat). */
    private final boolean announce;

    /** Where the dialogue ended: the account name, or the reason the connection is ending. */
    private record Outcome(String user, DisconnectReason reason) {
    }

    public AuthSession(UserStore store, PasswordHasher hasher, LoginThrottle throttle, Duration answerTime,
                       boolean encrypted, EchoSession echo, Logger log) {
        this(store, hasher, throttle, answerTime, encrypted, echo, log, name -> null,
                new RegistrationLimit(RegistrationLimit.DEFAULT_PER_HOUR), true);
    }

    private AuthSession(UserStore store, PasswordHasher hasher, LoginThrottle throttle, Duration answerTime,
                        boolean encrypted, EchoSession echo, Logger log,
                        java.util.function.Function<String, String> nameRule, RegistrationLimit registrations,
                        boolean announce) {
        this.nameRule = nameRule;
        this.registrations = registrations;
        this.announce = announce;
        this.store = store;
        this.hasher = hasher;
        this.throttle = throttle;
        this.answerTime = answerTime;
        this.encrypted = encrypted;
        this.echo = echo;
        this.log = log;
    }

    @Override
    public byte[] refusal(String why) {
        return ("bye: " + why + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }


    /** Tells every client still in this mode's dialogue that the server is shutting down. */
    public void goodbye() {
        dialogues.goodbye();
    }

    @Override
    public DisconnectReason serve(Connection connection) throws IOException {
        Dialogue dialogue = dialogues.opened(new Dialogue(connection, answerTime));
        Outcome outcome;
        try {
            dialogue.say("info", "tcpkit authentication server." + warning());
            outcome = dialogue(dialogue, connection);
        } catch (Dialogue.TimeoutException e) {
            log.info("prompt timeout: {} did not answer within {}", connection.peer(), dialogue.answerTimeText());
            dialogue.timedOut();
            return DisconnectReason.TIMEOUT;
        } finally {
            dialogues.closed(dialogue);
        }
        if (outcome.user() == null) {
            return outcome.reason();
        }
        return echo.serve(connection, dialogue.remainingInput());
    }

    /**
     * This session, accepting only names that also pass {@code rule} (which returns why a name is refused,
     * or null): the chat's nickname rule, so no account is registered that the chat would then turn away.
     */
    public AuthSession requiringNames(java.util.function.Function<String, String> rule) {
        return new AuthSession(store, hasher, throttle, answerTime, encrypted, echo, log, rule, registrations,
                announce);
    }

    /**
     * This session for another protocol's front door (the chat): a successful login sends no {@code ok:}
     * line of its own, so the caller's welcome, or its refusal, is what ends the dialogue.
     */
    public AuthSession leavingTheWelcomeToTheCaller() {
        return new AuthSession(store, hasher, throttle, answerTime, encrypted, echo, log, nameRule, registrations,
                false);
    }

    /** This session, with another limit on registrations per address. */
    public AuthSession limitingRegistrations(RegistrationLimit limit) {
        return new AuthSession(store, hasher, throttle, answerTime, encrypted, echo, log, nameRule, limit, announce);
    }

    /** The note on the first line when passwords travel in clear. */
    public String warning() {
        return encrypted ? "" : " This connection is not encrypted: use a password you use nowhere else.";
    }

    /**
     * Runs the login or registration dialogue (after the caller's greeting).
     *
     * @return the account name, or null when the client left or was turned away (the server said why)
     * @throws Dialogue.TimeoutException when the client did not answer in time (nothing said yet)
     */
    public String authenticate(Dialogue dialogue, Connection connection) throws IOException {
        return dialogue(dialogue, connection).user();
    }

    private Outcome dialogue(Dialogue dialogue, Connection connection) throws IOException {
        try {
            return authenticateOrRegister(dialogue, connection);
        } catch (PasswordHasher.BusyException e) {
            log.warn("login refused: {}, every password check slot stayed busy for {} s", connection.peer(),
                    PasswordHasher.SLOT_WAIT_SECONDS);
            dialogue.say("bye", "The server is too busy to check passwords; try again in a minute.");
            return new Outcome(null, DisconnectReason.PROTOCOL);
        }
    }

    private Outcome authenticateOrRegister(Dialogue dialogue, Connection connection)
            throws IOException, PasswordHasher.BusyException {
        for (int attempt = 1; attempt <= MAX_TRIES; attempt++) {
            Dialogue.Answer answer = dialogue.ask("ask", "Name?");
            if (answer == null) {
                return new Outcome(null, DisconnectReason.CLOSED);
            }
            String name = answer.problem() == null ? Names.normalize(answer.text()) : null;
            String problem = answer.problem() != null ? answer.problem() : Names.problem(name);
            if (problem == null) {
                problem = nameRule.apply(name);
            }
            if (problem != null) {
                dialogue.say("error", Greetings.sentence(problem) + (attempt < MAX_TRIES ? " Try again." : ""));
                continue;
            }
            Optional<UserStore.Account> account = store.account(name);
            if (account.isPresent()) {
                return login(dialogue, connection, account.get());
            }
            String address = connection.address().getHostAddress();
            if (!registrations.available(address)) {
                return registrationsUsedUp(dialogue, connection, name);
            }
            Dialogue.Answer register = dialogue.ask("ask", "There is no user " + name + ". Register " + name
                    + " as a new user? (yes/no)");
            if (register == null) {
                return new Outcome(null, DisconnectReason.CLOSED);
            }
            if (register.problem() == null && isYes(register.text())) {
                if (!registrations.take(address)) {
                    return registrationsUsedUp(dialogue, connection, name);
                }
                return register(dialogue, connection, name);
            }
        }
        dialogue.say("bye", "No valid name after " + MAX_TRIES + " tries; goodbye.");
        return new Outcome(null, DisconnectReason.PROTOCOL);
    }

    private Outcome registrationsUsedUp(Dialogue dialogue, Connection connection, String name) throws IOException {
        log.info("registration refused: {} from {}, its address registered {} accounts in the last hour",
                Preview.ofText(name), connection.peer(), registrations.perHour());
        dialogue.say("bye", "There is no user " + name + ", and your address may register at most "
                + registrations.perHour() + " accounts an hour; try again later.");
        return new Outcome(null, DisconnectReason.PROTOCOL);
    }

    private Outcome login(Dialogue dialogue, Connection connection, UserStore.Account account)
            throws IOException, PasswordHasher.BusyException {
        String address = connection.socket().getInetAddress().getHostAddress();
        String who = Preview.ofText(account.name());
        for (int attempt = 1; attempt <= MAX_TRIES; attempt++) {
            Dialogue.Answer answer = dialogue.ask("secret", "Password for " + account.name() + "?");
            if (answer == null) {
                return new Outcome(null, DisconnectReason.CLOSED);
            }
            long delay = throttle.reserve(account.name(), address);
            if (delay == LoginThrottle.TURNED_AWAY) {
                log.info("login refused: {} from {}, more than {} s of attempts are waiting for that account or "
                        + "address", who, connection.peer(), LoginThrottle.MAX_WAIT_MILLIS / 1000);
                dialogue.say("bye", "Too many login attempts for " + account.name() + " or from your address are "
                        + "waiting; try again in a minute.");
                return new Outcome(null, DisconnectReason.PROTOCOL);
            }
            if (delay > 0) {
                log.info("delay applied: {} ms before checking the password of {} from {}", delay, who,
                        connection.peer());
                if (!dialogue.hold(delay, "too many wrong passwords for " + account.name() + " or from your "
                        + "address; your password is checked then")) {
                    throttle.abandoned(account.name(), address);
                    log.info("login abandoned: {} from {} left during the delay; the password was not checked",
                            who, connection.peer());
                    return new Outcome(null, DisconnectReason.CLOSED);
                }
            }
            char[] password = answer.problem() == null ? Dialogue.chars(answer) : null;
            try {
                boolean right;
                try {
                    right = password != null && hasher.verify(password, account.hash());
                } catch (PasswordHasher.BusyException | RuntimeException e) {
                    throttle.abandoned(account.name(), address);
                    throw e;
                }
                throttle.finished(account.name(), address, right);
                if (right) {
                    log.info("login succeeded: {} from {}", who, connection.peer());
                    upgrade(account, password);
                    if (announce) {
                        dialogue.say("ok", "Hello, " + account.name() + "! " + Greetings.ECHO_BEGINS);
                    }
                    return new Outcome(account.name(), null);
                }
            } finally {
                PasswordHasher.wipe(password);
            }
            log.info("login failed: {} from {} ({})", who, connection.peer(),
                    answer.problem() == null ? "wrong password" : "unreadable password line");
            int left = MAX_TRIES - attempt;
            dialogue.say("error", WRONG + (left > 0 ? " " + left + (left == 1 ? " attempt" : " attempts") + " left." : ""));
        }
        log.info("login failed: {} from {} (too many attempts, disconnected)", who, connection.peer());
        dialogue.say("bye", "Too many failed attempts; goodbye.");
        return new Outcome(null, DisconnectReason.PROTOCOL);
    }

    private Outcome register(Dialogue dialogue, Connection connection, String name)
            throws IOException, PasswordHasher.BusyException {
        for (int attempt = 1; attempt <= MAX_TRIES; attempt++) {
            Dialogue.Answer first = dialogue.ask("secret", "Choose a password for " + name + " (at least "
                    + PasswordHasher.MIN_PASSWORD + " characters)?");
            if (first == null) {
                return new Outcome(null, DisconnectReason.CLOSED);
            }
            char[] password = first.problem() == null ? Dialogue.chars(first) : null;
            try {
                String problem = first.problem() != null ? first.problem() : PasswordHasher.problem(password);
                if (problem != null) {
                    dialogue.say("error", Greetings.sentence(problem) + " Try again.");
                    continue;
                }
                Dialogue.Answer second = dialogue.ask("secret", "Repeat the password?");
                if (second == null) {
                    return new Outcome(null, DisconnectReason.CLOSED);
                }
                if (second.problem() != null || !second.text().equals(first.text())) {
                    dialogue.say("error", "The two passwords differ. Try again.");
                    continue;
                }
                Enrolment.Result saved = save(name, hasher.hash(password), connection);
                if (saved == Enrolment.Result.FAILED) {
                    dialogue.say("bye", "Your account could not be saved; please try again later.");
                    return new Outcome(null, DisconnectReason.ERROR);
                }
                if (saved == Enrolment.Result.TAKEN) {
                    dialogue.say("bye", "Someone registered " + name + " a moment ago; connect again to log in.");
                    return new Outcome(null, DisconnectReason.PROTOCOL);
                }
                if (announce) {
                    dialogue.say("ok", "Welcome, " + name + "! You are registered. " + Greetings.ECHO_BEGINS);
                } else {
                    dialogue.say("info", "You are registered as " + name + ".");
                }
                return new Outcome(name, null);
            } finally {
                PasswordHasher.wipe(password);
            }
        }
        dialogue.say("bye", "No password chosen after " + MAX_TRIES + " tries; goodbye.");
        return new Outcome(null, DisconnectReason.PROTOCOL);
    }

    /** What checking a name and password given in one go (IRC's PASS) found. */
    public enum Verdict {
        ACCEPTED, REFUSED, TRY_LATER
    }

    /**
     * Checks a name and password given together, once, with the dialogue's throttle and log lines; for doors
     * that take both at once (IRC's PASS). Accounts are not registered this way.
     */
    public Verdict verify(String name, char[] password, Connection connection) {
        String address = connection.socket().getInetAddress().getHostAddress();
        String who = Preview.ofText(name);
        long delay = throttle.reserve(name, address);
        if (delay == LoginThrottle.TURNED_AWAY) {
            log.info("login refused: {} from {}, more than {} s of attempts are waiting for that account or "
                    + "address", who, connection.peer(), LoginThrottle.MAX_WAIT_MILLIS / 1000);
            return Verdict.TRY_LATER;
        }
        if (delay > 0) {
            log.info("delay applied: {} ms before checking the password of {} from {}", delay, who,
                    connection.peer());
            pause(delay);
        }
        java.util.Optional<UserStore.Account> account = store.account(name);
        boolean right;
        try {
            right = account.isPresent() && hasher.verify(password, account.get().hash());
        } catch (PasswordHasher.BusyException e) {
            throttle.abandoned(name, address);
            log.warn("login postponed: {} from {}, {}", who, connection.peer(), e.getMessage());
            return Verdict.TRY_LATER;
        } catch (RuntimeException e) {
            throttle.abandoned(name, address);
            throw e;
        }
        throttle.finished(name, address, right);
        if (right) {
            log.info("login succeeded: {} from {}", who, connection.peer());
            upgrade(account.get(), password);
            return Verdict.ACCEPTED;
        }
        log.info("login failed: {} from {} ({})", who, connection.peer(),
                account.isPresent() ? "wrong password" : "no such user");
        return Verdict.REFUSED;
    }

    /** What registering a name and password given together did; {@code why} says it in a sentence. */
    public record Enrolment(Result result, String why) {
        public enum Result {
            CREATED, TAKEN, BAD_NAME, WEAK_PASSWORD, LIMITED, TRY_LATER, FAILED
        }
    }

    /**
     * Registers {@code name} with {@code password} given together, once, with the dialogue's rules: the name's,
     * the password's, the limit of registrations per address, a hashing slot, and its log lines; for doors that
     * take both at once (IRC's REGISTER).
     */
    public Enrolment enrol(String name, char[] password, Connection connection) {
        String who = Preview.ofText(name);
        String problem = Names.problem(name);
        if (problem == null) {
            problem = nameRule.apply(name);
        }
        if (problem != null) {
            return new Enrolment(Enrolment.Result.BAD_NAME, Greetings.sentence(problem));
        }
        problem = PasswordHasher.problem(password);
        if (problem != null) {
            return new Enrolment(Enrolment.Result.WEAK_PASSWORD, Greetings.sentence(problem));
        }
        if (store.account(name).isPresent()) {
            return new Enrolment(Enrolment.Result.TAKEN, "There is a user " + name + " already.");
        }
        String address = connection.address().getHostAddress();
        if (!registrations.take(address)) {
            log.info("registration refused: {} from {}, its address registered {} accounts in the last hour", who,
                    connection.peer(), registrations.perHour());
            return new Enrolment(Enrolment.Result.LIMITED, "Your address may register at most "
                    + registrations.perHour() + " accounts an hour; try again later.");
        }
        String hash;
        try {
            hash = hasher.hash(password);
        } catch (PasswordHasher.BusyException e) {
            log.warn("registration postponed: {} from {}, {}", who, connection.peer(), e.getMessage());
            return new Enrolment(Enrolment.Result.TRY_LATER, "The server is too busy to make accounts; try again "
                    + "in a minute.");
        }
        return switch (save(name, hash, connection)) {
            case TAKEN -> new Enrolment(Enrolment.Result.TAKEN, "Someone registered " + name + " a moment ago.");
            case FAILED -> new Enrolment(Enrolment.Result.FAILED, "Your account could not be saved; please try "
                    + "again later.");
            default -> new Enrolment(Enrolment.Result.CREATED, "You are registered as " + name + ".");
        };
    }

    /** Adds a new account to the store, with its log line: CREATED, TAKEN (a moment ago) or FAILED. */
    private Enrolment.Result save(String name, String hash, Connection connection) {
        String who = Preview.ofText(name);
        try {
            if (!store.register(name, hash)) {
                log.info("registration refused: {} from {}, the name was taken a moment ago", who, connection.peer());
                return Enrolment.Result.TAKEN;
            }
        } catch (StoreException e) {
            log.error("registration of {} from {} not saved: {}", who, connection.peer(), e.getMessage());
            return Enrolment.Result.FAILED;
        }
        log.info("registration: {} from {}", who, connection.peer());
        return Enrolment.Result.CREATED;
    }

    /** Re-hashes a password stored at a lower cost than new ones get, now that it is known to be right. */
    private void upgrade(UserStore.Account account, char[] password) {
        if (!hasher.weakerThanCurrent(account.hash())) {
            return;
        }
        try {
            store.replaceHash(account.name(), hasher.hash(password));
            log.info("password hash of {} raised to {} iterations", Preview.ofText(account.name()),
                    hasher.iterations());
        } catch (StoreException | PasswordHasher.BusyException e) {
            log.warn("password hash of {} not raised: {}", Preview.ofText(account.name()), e.getMessage());
        }
    }

    private static boolean isYes(String text) {
        String answer = text.strip().toLowerCase(Locale.ROOT);
        return answer.equals("yes") || answer.equals("y");
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
