import Foundation

/// The single writer: a thread that owns the write connection and group-commits queued jobs.
///
/// Callers enqueue jobs and wait. The thread takes every job queued so far (up to `maxBatch`), runs each in
/// its own savepoint inside one SQLite transaction, commits once (one fsync with `synchronous=FULL`), hands
/// the batch's events to `publish`, and only then answers the callers. While it commits, new jobs queue up
/// for the next batch, so concurrent writers share fsyncs.
final class CommitQueue: @unchecked Sendable {
    /// A queued job: runs on the commit thread, answers its caller after the batch commits.
    private struct Job {
        /// Applies the job; returns how to answer once the commit's outcome is known.
        let run: (WriteSession) -> (_ commitError: (any Error)?) -> Void
        /// Answers without running (the queue is closed, or the batch could not start).
        let abort: (any Error) -> Void
        /// Runs alone, outside any transaction (see `exclusive(_:)`).
        var exclusive = false
    }

    private let session: WriteSession
    private let maxBatch: Int
    private let publish: (_ events: [WatchEvent], _ revision: Revision, _ previous: Revision) -> Void
    private let condition = NSCondition()
    private var queue: [Job] = []
    private var closed = false
    private var thread: Thread?
    private let finished = DispatchSemaphore(value: 0)

    /// - Parameters:
    ///   - publish: called on the commit thread after each durable commit, with its events, its revision and
    ///     the revision it started from.
    init(
        session: WriteSession, maxBatch: Int,
        publish: @escaping (_ events: [WatchEvent], _ revision: Revision, _ previous: Revision) -> Void
    ) {
        self.session = session
        self.maxBatch = maxBatch
        self.publish = publish
        let thread = Thread { [self] in self.loop() }
        thread.name = "kubesim-commit"
        self.thread = thread
        thread.start()
    }

    /// Runs `body` on the commit thread inside the next batch and returns its result once the batch is durable.
    /// A throw from `body` undoes that job alone.
    func submit<T: Sendable>(_ body: @escaping @Sendable (WriteSession) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let job = Job(
                run: { session in
                    let result = Result { try session.job(body) }
                    return { commitError in
                        if let commitError { continuation.resume(throwing: commitError) } else {
                            continuation.resume(with: result)
                        }
                    }
                },
                abort: { continuation.resume(throwing: $0) })
            enqueue(job)
        }
    }

    /// Runs `body` on the commit thread between batches, with no transaction open on the write connection, so
    /// it can run what a transaction cannot (VACUUM). Writes queued after it wait for it.
    func exclusive<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            var job = Job(
                run: { session in
                    let result = Result { try body(session.connection) }
                    return { _ in continuation.resume(with: result) }
                },
                abort: { continuation.resume(throwing: $0) })
            job.exclusive = true
            enqueue(job)
        }
    }

    private func enqueue(_ job: Job) {
        condition.lock()
        if closed {
            condition.unlock()
            job.abort(StorageError(path: session.connection.path, message: "the store is closed"))
            return
        }
        queue.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Finishes the queued jobs, then stops the thread and closes the write connection.
    func close() {
        condition.lock()
        let wasClosed = closed
        closed = true
        condition.signal()
        condition.unlock()
        if !wasClosed { finished.wait() }
    }

    private func loop() {
        while let batch = nextBatch() {
            commit(batch)
        }
        session.connection.close()
        finished.signal()
    }

    private func nextBatch() -> [Job]? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && !closed { condition.wait() }
        if queue.isEmpty { return nil }
        // An exclusive job runs alone; a batch stops before one.
        let count =
            queue[0].exclusive ? 1 : min(queue.prefix(maxBatch).firstIndex(where: \.exclusive) ?? queue.count, maxBatch)
        let batch = Array(queue.prefix(count))
        queue.removeFirst(count)
        return batch
    }

    private func commit(_ batch: [Job]) {
        if batch.count == 1, batch[0].exclusive {
            batch[0].run(session)(nil)
            return
        }
        do {
            try session.begin()
        } catch {
            for job in batch { job.abort(error) }
            return
        }
        let answers = batch.map { $0.run(session) }
        do {
            let events = try session.commit()
            publish(events, session.revision, session.batchStartRevision)
            for answer in answers { answer(nil) }
        } catch {
            session.rollback()
            for answer in answers { answer(error) }
        }
    }
}
