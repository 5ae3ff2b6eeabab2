package dev.mpkit.tck.support;

import java.util.Arrays;

/**
 * Items that the kit sends through the channels under test (queues, manager proxies), as text for the event log and
 * for failure messages. An item that arrives wrong must be shown so that the difference can be seen: arrays by their
 * contents, with the class that arrived.
 */
public final class Items {

    private Items() {}

    /**
     * An item as text, arrays and nested arrays included, cut after 200 characters, with its class:
     * {@code [1, 2] (java.util.ArrayList)}; {@code null} as "null".
     */
    public static String describe(Object item) {
        if (item == null) {
            return "null";
        }
        String s = Arrays.deepToString(new Object[] {item});
        s = s.substring(1, s.length() - 1);
        if (s.length() > 200) {
            s = s.substring(0, 200) + "…";
        }
        return s + " (" + item.getClass().getName() + ")";
    }
}
