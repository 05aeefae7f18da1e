import NIOCore

/// Runs tasks on a NIO event loop, so that a handler runs on the thread that reads and writes its
/// connection instead of hopping to Swift's global executor and back for every message (on two cores the
/// hops, not the work, dominated a point read).
final class EventLoopTaskExecutor: TaskExecutor {
    let loop: any EventLoop

    init(_ loop: any EventLoop) {
        self.loop = loop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
