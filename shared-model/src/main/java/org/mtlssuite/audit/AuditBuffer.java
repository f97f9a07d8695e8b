package org.mtlssuite.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bounded wait between a request and the audit table: offering never blocks, and what does
 * not fit is dropped and counted (the log line was already written, so the record is not lost).
 */
public final class AuditBuffer {

    private final ArrayBlockingQueue<AuditEvent> queue;
    private final AtomicLong dropped = new AtomicLong();

    public AuditBuffer(int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /** False (and counted) when the buffer is full. */
    public boolean offer(AuditEvent e) {
        if (queue.offer(e)) {
            return true;
        }
        dropped.incrementAndGet();
        return false;
    }

    /** Up to {@code max} events, waiting at most {@code waitMillis} for the first one. */
    public List<AuditEvent> take(int max, long waitMillis) throws InterruptedException {
        List<AuditEvent> out = new ArrayList<>();
        AuditEvent first = queue.poll(waitMillis, TimeUnit.MILLISECONDS);
        if (first == null) {
            return out;
        }
        out.add(first);
        queue.drainTo(out, max - 1);
        return out;
    }

    public int pending() {
        return queue.size();
    }

    public long dropped() {
        return dropped.get();
    }

    /** Counts events given up on outside the buffer (a batch the database refused for good). */
    public void countDropped(int n) {
        dropped.addAndGet(n);
    }
}
