package org.tcpkit.cli;

import java.util.ArrayList;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.IHelpSectionRenderer;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Help text wrapped at spaces only. picocli wraps with the JDK's line breaker, which also breaks after a dot
 * followed by a letter, so {@code client.jar}, {@code e.g.} and {@code chat-server.log} came apart at line
 * ends. Each section is rendered unwrapped (as wide as it gets), then wrapped here to the terminal's width,
 * each continuation indented as picocli indents it: under the description of an option, a command or an
 * exit code, under the first argument of the synopsis, or not at all in a paragraph.
 */
final class HelpWrap {
    /** The width sections are rendered at before they are wrapped here: no help line is longer. */
    private static final int UNWRAPPED = 2000;

    private HelpWrap() {
    }

    /** Wraps every help section of {@code line} and its subcommands. */
    static void install(CommandLine line) {
        Map<String, IHelpSectionRenderer> sections = line.getHelpSectionMap();
        for (String key : new ArrayList<>(sections.keySet())) {
            IHelpSectionRenderer original = sections.get(key);
            boolean synopsis = key.equals(CommandLine.Model.UsageMessageSpec.SECTION_KEY_SYNOPSIS);
            sections.put(key, help -> render(help, original, synopsis));
        }
        line.setHelpSectionMap(sections);
        for (CommandLine sub : line.getSubcommands().values()) {
            install(sub);
        }
    }

    /**
     * The section as {@code original} renders it, wrapped; the synopsis follows its heading on the same line
     * ({@code Usage: }), which it is wrapped with.
     */
    private static String render(Help help, IHelpSectionRenderer original, boolean synopsis) {
        UsageMessageSpec usage = help.commandSpec().usageMessage();
        int width = usage.width();
        boolean auto = usage.autoWidth();
        usage.autoWidth(false);
        usage.width(UNWRAPPED);
        try {
            String text = original.render(help);
            if (!synopsis) {
                return wrap(text, width);
            }
            String heading = help.synopsisHeading();
            return wrap(heading + text, width).substring(heading.length());
        } finally {
            usage.width(width);
            usage.autoWidth(auto);
        }
    }

    /** {@code text}, each line longer than {@code width} broken at spaces. */
    static String wrap(String text, int width) {
        StringBuilder out = new StringBuilder(text.length() + 64);
        int from = 0;
        while (from < text.length()) {
            int end = text.indexOf('\n', from);
            String line = end < 0 ? text.substring(from) : text.substring(from, end);
            wrapLine(line, width, out);
            if (end < 0) {
                break;
            }
            out.append('\n');
            from = end + 1;
        }
        return out.toString();
    }

    private static void wrapLine(String line, int width, StringBuilder out) {
        if (line.length() <= width) {
            out.append(line);
            return;
        }
        String trimmed = line.stripTrailing();
        String indent = " ".repeat(Math.min(width / 2, continuation(trimmed)));
        String rest = trimmed;
        boolean first = true;
        while (rest.length() > width) {
            int cut = rest.lastIndexOf(' ', width);
            int floor = first ? 1 : indent.length() + 1;
            if (cut < floor) {
                cut = rest.indexOf(' ', width);
                if (cut < 0) {
                    break;
                }
            }
            out.append(rest, 0, cut).append('\n');
            rest = indent + rest.substring(cut + 1).stripLeading();
            first = false;
        }
        out.append(rest);
    }

    /** Where continuation lines of {@code line} start, as picocli lays it out. */
    private static int continuation(String line) {
        if (line.startsWith("Usage: ")) {
            int bracket = line.indexOf(" [");
            return bracket < 0 ? "Usage: ".length() : bracket + 1;
        }
        int lead = 0;
        while (lead < line.length() && line.charAt(lead) == ' ') {
            lead++;
        }
        if (lead == 0) {
            return 0;
        }
        int gap = line.indexOf("  ", lead);
        if (gap < 0) {
            return lead + 2;
        }
        int text = gap;
        while (text < line.length() && line.charAt(text) == ' ') {
            text++;
        }
        return text + 2;
    }
}
