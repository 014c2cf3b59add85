package io.meserp.hub.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Commits the ledger writes of threads that write at the same moment in one transaction (a group commit). Each caller
 * still returns only once its own writes are committed, so nothing about durability changes; but where every consumer
 * used to commit on its own, and the embedded H2 writes its store on each commit, one commit now serves all consumers
 * that reached the ledger meanwhile.
 * <p>
 * A caller queues its writes and waits for the leader's lock. Whoever holds it commits everything queued so far, its
 * own writes included; a caller whose writes were committed by an earlier leader just returns. A lone caller commits
 * at once: nobody waits for company. When the group's transaction fails, each caller's writes are run again on their
 * own, so that one caller's failure (a duplicate key, say) is its own and the others commit.
 * <p>
 * Written here because neither JDBC, Spring nor H2 commits several connections' work together; Spring's
 * {@link TransactionTemplate} does the transaction. Writes inside a transaction that is already open join it.
 */
final class GroupCommit {

    /** The most writes one transaction takes; the rest go in the next. */
    private static final int MAX_GROUP = 256;

    private final TransactionTemplate tx;
    private final ReentrantLock leader = new ReentrantLock();
    private final ConcurrentLinkedQueue<Writes<?>> queued = new ConcurrentLinkedQueue<>();

    GroupCommit(PlatformTransactionManager transactions) {
        this.tx = new TransactionTemplate(transactions);
    }

    /** Runs {@code writes} and returns their result once they are committed. */
    <T> T commit(Supplier<T> writes) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            return writes.get();
        }
        Writes<T> mine = new Writes<>(writes);
        queued.add(mine);
        leader.lock();
        try {
            while (!mine.done) {
                commitQueued();
            }
        } finally {
            leader.unlock();
        }
        return mine.result();
    }

    private void commitQueued() {
        List<Writes<?>> group = new ArrayList<>();
        for (Writes<?> w = queued.poll(); w != null; w = group.size() < MAX_GROUP ? queued.poll() : null) {
            group.add(w);
        }
        if (group.isEmpty()) {
            return;
        }
        try {
            tx.executeWithoutResult(status -> group.forEach(Writes::run));
            group.forEach(Writes::committed);
        } catch (RuntimeException | Error groupFailed) {
            // rolled back: each on its own, so that a failure is only its caller's
            for (Writes<?> w : group) {
                try {
                    tx.executeWithoutResult(status -> w.run());
                    w.committed();
                } catch (RuntimeException | Error failed) {
                    w.failed(failed);
                }
            }
        }
    }

    /** One caller's writes, and what came of them. */
    private static final class Writes<T> {
        private final Supplier<T> work;
        private T value;
        private Throwable failure;
        /** Set by the leader; read by the caller after it took the leader's lock. */
        private boolean done;

        Writes(Supplier<T> work) {
            this.work = work;
        }

        void run() {
            value = work.get();
        }

        void committed() {
            done = true;
        }

        void failed(Throwable cause) {
            value = null;
            failure = cause;
            done = true;
        }

        T result() {
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            return value;
        }
    }
}
