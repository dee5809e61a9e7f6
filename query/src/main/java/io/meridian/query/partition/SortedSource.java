package io.meridian.query.partition;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * Answers in path order that hold a resource (a store iterator, a peer's connection) until closed;
 * closed by its reader, or by itself once it is exhausted. {@link #merge} combines several sorted
 * sources into one, comparing paths by Unicode code point, which is the order of their UTF-8 bytes
 * and so the order of the RocksDB stores they come from.
 */
interface SortedSource extends Iterator<Keyed>, AutoCloseable {
    @Override
    void close();

    /** Compares by code point (UTF-8 byte order), unlike {@link String#compareTo} (UTF-16 units). */
    static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /** A source that reads one answer ahead: {@link #read} gives the next, or null at the end. */
    abstract class Reading implements SortedSource {
        private Keyed next;
        private boolean done;

        /** The next answer, or null when there is none; called again only after the last one was taken. */
        protected abstract Keyed read();

        @Override
        public final boolean hasNext() {
            if (next == null && !done) {
                next = read();
                done = next == null;
            }
            return next != null;
        }

        @Override
        public final Keyed next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Keyed out = next;
            next = null;
            return out;
        }
    }

    /** A source over an iterator that holds nothing. */
    static SortedSource of(Iterator<Keyed> rows) {
        return new SortedSource() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Keyed next() {
                return rows.next();
            }

            @Override
            public void close() {
            }
        };
    }

    /** One source in path order over {@code sources}, each itself in path order; closing it closes them all. */
    static SortedSource merge(List<SortedSource> sources) {
        if (sources.size() == 1) {
            return sources.get(0);
        }
        record Head(Keyed row, SortedSource from) {
        }
        PriorityQueue<Head> heads = new PriorityQueue<>((x, y) -> compare(x.row().path(), y.row().path()));
        return new SortedSource() {
            private boolean primed;

            private void prime() {
                if (!primed) {
                    primed = true;
                    for (SortedSource s : sources) {
                        if (s.hasNext()) {
                            heads.add(new Head(s.next(), s));
                        }
                    }
                }
            }

            @Override
            public boolean hasNext() {
                prime();
                return !heads.isEmpty();
            }

            @Override
            public Keyed next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Head head = heads.poll();
                if (head.from().hasNext()) {
                    heads.add(new Head(head.from().next(), head.from()));
                }
                return head.row();
            }

            @Override
            public void close() {
                RuntimeException failed = null;
                for (SortedSource s : sources) {
                    try {
                        s.close();
                    } catch (RuntimeException e) {
                        failed = failed == null ? e : failed;
                    }
                }
                if (failed != null) {
                    throw failed;
                }
            }
        };
    }
}
