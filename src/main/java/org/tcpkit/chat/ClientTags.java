package org.tcpkit.chat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Client-only message tags (IRCv3 {@code message-tags}): the {@code +name=value} tags a client puts on a message
 * for the other clients (a reply, a reaction, a typing notice), which the chat passes on untouched to clients
 * that asked for them. Kept as IRC writes them, escaped, joined by {@code ;}. A tag whose name is not in the
 * specification's form, or whose value holds a control character, is left out; so are server tags, which only
 * the server sets.
 */
public final class ClientTags {
    /** The most bytes of tags a client may send, as the specification bounds them (its {@code @} and space excluded). */
    public static final int MAX_BYTES = 4094;
    private static final Pattern NAME = Pattern.compile("\\+([A-Za-z0-9.-]{1,255}/)?[A-Za-z0-9-]{1,255}");

    private ClientTags() {
    }

    /**
     * The client-only tags of a message's tag section ({@code foo=bar;+baz=bat}, without its {@code @}), in
     * the order given, the last of a repeated name winning; empty when it has none.
     */
    public static String of(String section) {
        if (section == null || section.isEmpty()) {
            return "";
        }
        Map<String, String> kept = new LinkedHashMap<>();
        for (String tag : section.split(";")) {
            int eq = tag.indexOf('=');
            String name = eq < 0 ? tag : tag.substring(0, eq);
            String value = eq < 0 ? "" : tag.substring(eq + 1);
            if (NAME.matcher(name).matches() && value.codePoints().noneMatch(ClientTags::control)) {
                kept.remove(name);
                kept.put(name, value);
            }
        }
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> tag : kept.entrySet()) {
            out.append(out.length() == 0 ? "" : ";").append(tag.getKey())
                    .append(tag.getValue().isEmpty() ? "" : "=" + tag.getValue());
        }
        return out.toString();
    }

    /** Why {@code tags} are not client-only tags as {@link #of} gives them, or null when they are. */
    public static String problem(String tags) {
        if (tags.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return "tags longer than " + MAX_BYTES + " bytes";
        }
        return of(tags).equals(tags) ? null : "tags that are not client-only tags in their written form";
    }

    /** The value of tag {@code name} in a tag section, still escaped, or null when it is not there. */
    public static String value(String section, String name) {
        if (section == null) {
            return null;
        }
        String found = null;
        for (String tag : section.split(";")) {
            int eq = tag.indexOf('=');
            if ((eq < 0 ? tag : tag.substring(0, eq)).equals(name)) {
                found = eq < 0 ? "" : tag.substring(eq + 1);
            }
        }
        return found;
    }

    private static boolean control(int c) {
        return c < 0x20 || c == 0x7f || c == ' ' || c == ';';
    }
}
