package org.tcpkit.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code --mode}; {@code chat} is not a mode but a command of its own, and the error says so. */
final class ModeConverter implements ITypeConverter<ServerMode> {
    @Override
    public ServerMode convert(String value) {
        String wanted = value.strip().toLowerCase(Locale.ROOT);
        for (ServerMode mode : ServerMode.values()) {
            if (mode.id.equals(wanted)) {
                return mode;
            }
        }
        if (wanted.equals("chat")) {
            throw new TypeConversionException("'chat' is a command, not a mode: run 'server.jar chat' for the chat "
                    + "server and 'client.jar chat' to join it");
        }
        throw new TypeConversionException("'" + value + "' is not a mode: use echo, ident or auth");
    }
}
