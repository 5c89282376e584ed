package org.tcpkit.chat.irc;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;

/**
 * The answer to one command a client sent with a label (IRCv3 {@code labeled-response}): the first line of the
 * answer is held; if it stays alone, it goes out with {@code @label=} on it; if more follow, a
 * {@code BATCH +id labeled-response} opens (with the label), every line goes out in it as it comes, and it
 * closes at the end; an answer with no line at all is {@code ACK} with the label. Without {@code batch}, an
 * answer of several lines goes out unlabeled, as the specification allows. Streaming, not gathering: a long
 * answer (a LIST, a history) takes no more memory than it would unlabeled.
 */
final class Labeled implements UnaryOperator<byte[]> {
    private final String label;
    private final boolean batch;
    private final String server;
    private final String id;
    private byte[] held;
    private int lines;
    private boolean opened;
    private boolean ended;

    /**
     * @param label the client's label, as it sent it
     * @param batch whether the client asked for {@code batch}
     * @param id    the batch's id, unique on this connection
     */
    Labeled(String label, boolean batch, String server, String id) {
        this.label = label;
        this.batch = batch;
        this.server = server;
        this.id = id;
    }

    @Override
    public synchronized byte[] apply(byte[] bytes) {
        if (ended) {
            return bytes;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int start = 0;
        while (start < bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            end = Math.min(bytes.length, end + 1);
            byte[] line = java.util.Arrays.copyOfRange(bytes, start, end);
            start = end;
            lines++;
            if (lines == 1) {
                held = line;
            } else if (!batch) {
                if (held != null) {
                    out.writeBytes(held);
                    held = null;
                }
                out.writeBytes(line);
            } else {
                if (!opened) {
                    opened = true;
                    out.writeBytes(IrcText.line("@label=" + label + " :" + server + " BATCH +" + id
                            + " labeled-response"));
                    out.writeBytes(inBatch(held));
                    held = null;
                }
                out.writeBytes(inBatch(line));
            }
        }
        return out.size() == 0 ? null : out.toByteArray();
    }

    /** What ends the answer: the lone line labeled, the batch's end, or ACK; null when nothing is owed. */
    synchronized byte[] end() {
        ended = true;
        if (lines == 0) {
            return IrcText.line("@label=" + label + " :" + server + " ACK");
        }
        if (held != null) {
            byte[] line = held;
            held = null;
            return tag(line, "label=" + label);
        }
        return opened ? IrcText.line(":" + server + " BATCH -" + id) : null;
    }

    /** A line in the batch: tagged with it, unless it is already in a batch of its own (nested in this one). */
    private byte[] inBatch(byte[] line) {
        String text = new String(line, StandardCharsets.UTF_8);
        if (text.startsWith("@")) {
            int space = text.indexOf(' ');
            String section = text.substring(1, space < 0 ? text.length() : space);
            if (org.tcpkit.chat.ClientTags.value(section, "batch") != null) {
                return line;
            }
        }
        return tag(line, "batch=" + id);
    }

    /** {@code line} with one more tag. */
    static byte[] tag(byte[] line, String tag) {
        String text = new String(line, StandardCharsets.UTF_8);
        return (text.startsWith("@") ? "@" + tag + ";" + text.substring(1) : "@" + tag + " " + text)
                .getBytes(StandardCharsets.UTF_8);
    }
}
