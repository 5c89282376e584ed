package org.tcpkit.chat;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Whether a writer should linger after a write (see {@link Outbox}): on a platform thread, yes, since waking
 * it costs a system call and lingering spares most of them. A virtual thread is woken by queuing a task, which
 * is cheap, while its timed wait goes through the scheduler's timers, which is not; it does not linger.
 * {@code Thread.isVirtual} exists from Java 21, so it is looked up rather than called.
 */
final class Lingering {
    private static final MethodHandle IS_VIRTUAL = lookUp();

    private Lingering() {
    }

    static boolean worthIt(Thread thread) {
        if (IS_VIRTUAL == null) {
            return true;
        }
        try {
            return !(boolean) IS_VIRTUAL.invokeExact(thread);
        } catch (Throwable e) {
            return true;
        }
    }

    private static MethodHandle lookUp() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual",
                    MethodType.methodType(boolean.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null;
        }
    }
}
