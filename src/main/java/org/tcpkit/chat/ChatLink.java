package org.tcpkit.chat;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/** What the chat's log asks of the chat: to apply its events, and to hear how the link to the other servers is. */
final class ChatLink implements ChatLog.Link {
    private final Chat chat;
    private final ChatState state;
    private final Logger log;

    ChatLink(Chat chat) {
        this.chat = chat;
        this.state = chat.state;
        this.log = chat.log();
    }

    @Override
    public Object apply(Entry entry, Local local) {
        return chat.apply.apply(entry, local);
    }

    @Override
    public void lost(String why) {
        noticeAll("! The link to the other chat servers is lost; you reach only people on this server until"
                + " it is back, and lines said on the others meanwhile reach you then.");
        log.warn("chat relay: link lost ({})", why);
    }

    @Override
    public void linked(boolean again) {
        log.info("chat relay: linked to the other servers{} as {}", again ? " again" : "", chat.events().server());
        if (again) {
            noticeAll("* The link to the other chat servers is back.");
        }
    }

    @Override
    public void resynchronised(String why) {
        noticeAll("! Some lines said on the other chat servers while the link was down could not be recovered ("
                + why + ").");
        log.warn("chat relay: {}; what the other servers say of themselves sets who is where", why);
    }

    @Override
    public ChatEvent.Here here() {
        return chat.apply.here();
    }

    @Override
    public ChatEvent.Beat beat(String server) {
        return chat.apply.beat(server);
    }

    @Override
    public java.util.Set<String> servers() {
        return chat.apply.servers();
    }

    @Override
    public List<String> nicks() {
        List<String> nicks = new ArrayList<>();
        for (Member member : state.locals()) {
            nicks.add(member.nick());
        }
        return nicks;
    }

    @Override
    public void nameLost(String nick) {
        Member member = chat.member(nick);
        if (member == null || !member.isLocal()) {
            return;
        }
        for (int tries = 0; tries < 20; tries++) {
            String guest = Nicks.guest(nick);
            if (chat.rename(member, guest)) {
                chat.notice(member, "! Your name " + nick + " was taken on another server while the link to it"
                        + " was down; you are " + guest + " now.");
                return;
            }
        }
        state.killHere(member, "name taken on another server", "relay: name taken on another server");
    }

    @Override
    public void remember(Entry entry) {
        if (entry.event() instanceof ChatEvent.Said said && said.speech() != Speech.TAG) {
            state.lines.remember(said.room(), entry);
        }
    }

    @Override
    public void unsent(long count) {
        noticeAll("! " + count + " changes and lines made here while the link was down could not be kept for"
                + " the other servers; they did not reach them.");
    }

    private void noticeAll(String text) {
        for (Member member : state.locals()) {
            chat.notice(member, text);
        }
    }
}
