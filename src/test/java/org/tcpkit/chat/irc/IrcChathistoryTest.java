package org.tcpkit.chat.irc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tcpkit.testing.IrcClient;

/** CHATHISTORY (draft/chathistory) over a room's kept lines, by msgid and by time. */
@Timeout(30)
class IrcChathistoryTest {
    private static final Pattern LINE = Pattern.compile("^@(\\S+) :\\S+ PRIVMSG #lab :(.*)$");

    private IrcFixture chat;
    private IrcClient alice;
    /** The ten lines said in #lab, as alice's echoes gave them: text, msgid and time. */
    private final List<String[]> said = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        chat = new IrcFixture();
        alice = chat.connect();
        alice.send("CAP REQ :batch draft/chathistory echo-message message-tags server-time");
        alice.expect("CAP \\* ACK");
        alice.send("CAP END").register("alice");
        alice.send("JOIN #lab");
        alice.expect(" 366 alice #lab ");
        for (int i = 0; i < 10; i++) {
            alice.send("PRIVMSG #lab :line " + i);
            String echo = alice.expect("PRIVMSG #lab :line " + i + "$");
            said.add(new String[] {"line " + i, IrcClient.tag(echo, "msgid"), IrcClient.tag(echo, "time")});
            // Distinct times, so that a time names one line.
            long until = System.currentTimeMillis() + 3;
            while (System.currentTimeMillis() < until) {
                Thread.onSpinWait();
            }
        }
    }

    @AfterEach
    void stop() throws Exception {
        chat.close();
    }

    /** The texts of a CHATHISTORY answer, checking its batch and that each line carries the echo's id and time. */
    private List<String> history(String request) throws Exception {
        alice.send("CHATHISTORY " + request);
        List<String> lines = alice.until("BATCH -");
        Matcher start = Pattern.compile("^:tcpkit BATCH \\+(\\S+) chathistory #lab$").matcher(lines.get(0));
        assertTrue(start.matches(), lines.toString());
        List<String> texts = new ArrayList<>();
        for (String line : lines.subList(1, lines.size() - 1)) {
            Matcher m = LINE.matcher(line);
            assertTrue(m.matches(), line);
            assertEquals(start.group(1), IrcClient.tag(line, "batch"), line);
            String[] original = said.get(Integer.parseInt(m.group(2).substring(5)));
            assertEquals(original[1], IrcClient.tag(line, "msgid"), line);
            assertEquals(original[2], IrcClient.tag(line, "time"), line);
            texts.add(m.group(2));
        }
        return texts;
    }

    private List<String> texts(int from, int to) {
        return said.subList(from, to).stream().map(s -> s[0]).toList();
    }

    @Test
    void everySubcommandPicksTheLinesTheSpecificationSays() throws Exception {
        assertEquals(texts(0, 10), history("LATEST #lab * 20"));
        assertEquals(texts(7, 10), history("LATEST #lab * 3"));
        assertEquals(texts(5, 10), history("LATEST #lab msgid=" + said.get(4)[1] + " 20"));
        assertEquals(texts(0, 6), history("BEFORE #lab msgid=" + said.get(6)[1] + " 20"));
        assertEquals(texts(4, 6), history("BEFORE #lab timestamp=" + said.get(6)[2] + " 2"));
        assertEquals(texts(4, 7), history("AFTER #lab timestamp=" + said.get(3)[2] + " 3"));
        assertEquals(texts(1, 9), history("BETWEEN #lab msgid=" + said.get(0)[1] + " msgid=" + said.get(9)[1] + " 20"));
        assertEquals(texts(6, 9), history("BETWEEN #lab msgid=" + said.get(9)[1] + " msgid=" + said.get(0)[1] + " 3"),
                "backwards: the lines nearest the first reference");
        assertEquals(texts(6, 9), history("AROUND #lab msgid=" + said.get(7)[1] + " 3"));
        assertEquals(List.of(), history("AFTER #lab msgid=nosuchid 5"));
    }

    @Test
    void roomsOneIsNotInAndBadRequestsGetAFail() throws Exception {
        IrcClient bob = chat.irc("bob");
        bob.send("JOIN #secret");
        bob.expect(" 366 bob #secret ");
        alice.send("CHATHISTORY LATEST #secret * 10");
        assertTrue(alice.expect("FAIL").startsWith(":tcpkit FAIL CHATHISTORY INVALID_TARGET LATEST #secret :"));
        alice.send("CHATHISTORY LATEST #nowhere * 10");
        assertTrue(alice.expect("FAIL").startsWith(":tcpkit FAIL CHATHISTORY INVALID_TARGET LATEST #nowhere :"));
        alice.send("CHATHISTORY LATEST #lab * many");
        assertTrue(alice.expect("FAIL").startsWith(":tcpkit FAIL CHATHISTORY INVALID_PARAMS LATEST many :"));
        alice.send("CHATHISTORY BEFORE #lab yesterday 5");
        assertTrue(alice.expect("FAIL").startsWith(":tcpkit FAIL CHATHISTORY INVALID_PARAMS BEFORE :"));
        alice.send("CHATHISTORY LATEST #lab");
        assertTrue(alice.expect("FAIL").startsWith(":tcpkit FAIL CHATHISTORY NEED_MORE_PARAMS LATEST :"));
        alice.send("CHATHISTORY LATEST bob * 10");
        List<String> empty = alice.until("BATCH -");
        assertEquals(2, empty.size(), "private lines are not kept: an empty batch " + empty);
        alice.send("CHATHISTORY TARGETS timestamp=2000-01-01T00:00:00.000Z timestamp=2100-01-01T00:00:00.000Z 10");
        List<String> targets = alice.until("BATCH -");
        assertTrue(targets.get(0).matches(":tcpkit BATCH \\+\\S+ draft/chathistory-targets"), targets.toString());
        assertEquals(3, targets.size(), targets.toString());
        assertTrue(targets.get(1).endsWith(":tcpkit CHATHISTORY TARGETS #lab " + said.get(9)[2]), targets.toString());
    }
}
