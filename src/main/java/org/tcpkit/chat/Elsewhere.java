package org.tcpkit.chat;

/** The door of members on other servers: their own server delivers to them, so nothing is spelled here. */
final class Elsewhere implements Door {
    @Override
    public byte[] said(Member from, Room room, Speech speech, String text, Entry entry) {
        return null;
    }

    @Override
    public byte[] echo(Member from, Room room, Speech speech, String text, Entry entry) {
        return null;
    }

    @Override
    public byte[] unsaid(Member from, String name, Room room) {
        return null;
    }

    @Override
    public byte[] told(Member from, Member to, Speech speech, String text, Entry entry) {
        return null;
    }

    @Override
    public byte[] toldEcho(Member from, Member to, Speech speech, String text, Entry entry) {
        return null;
    }

    @Override
    public byte[] history(Member to, Room room, java.util.List<Entry> lines, String kept) {
        return null;
    }

    @Override
    public byte[] joined(Member who, Room room) {
        return null;
    }

    @Override
    public byte[] left(Member who, Room room, String reason, Room to) {
        return null;
    }

    @Override
    public byte[] quit(Member who, String reason) {
        return null;
    }

    @Override
    public byte[] renamed(String old, Member who) {
        return null;
    }

    @Override
    public byte[] topic(Member who, Room room) {
        return null;
    }

    @Override
    public byte[] status(Member by, Room room, Member target, char status, boolean given) {
        return null;
    }

    @Override
    public byte[] mode(Member by, Room room, String changes, java.util.List<String> args) {
        return null;
    }

    @Override
    public byte[] kicked(Member by, Room room, Member target, String reason) {
        return null;
    }

    @Override
    public byte[] invited(Member by, Member to, Room room) {
        return null;
    }

    @Override
    public byte[] notice(Member to, String text) {
        return null;
    }

    @Override
    public byte[] closing() {
        return null;
    }
}
