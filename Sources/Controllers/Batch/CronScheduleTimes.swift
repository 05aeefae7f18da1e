import Foundation

/// Which scheduled times a CronJob has reached (`mostRecentScheduleTime`, `nextScheduleTimeDuration` of the
/// v2 controller's `utils.go`): counted from its last scheduled time (else its creation), or from
/// `startingDeadlineSeconds` ago if that is later; more than 100 missed times are "many".
struct CronScheduleTimes {
    enum Missed { case none, few, many }

    struct Recent {
        /// The latest scheduled time at or before now, if any.
        var time: Date?
        var missed: Missed
        var earliest: Date
    }

    struct InvalidSchedule: Error, CustomStringConvertible {
        var description: String { "time difference between two schedules is less than 1 second" }
    }

    let schedule: CronSchedule
    let created: Date
    var lastScheduled: Date?
    let startingDeadlineSeconds: Int64?

    func mostRecent(now: Date, withDeadline: Bool) -> Result<Recent, InvalidSchedule> {
        var earliest = lastScheduled ?? created
        if withDeadline, let seconds = startingDeadlineSeconds {
            earliest = max(earliest, now.addingTimeInterval(-TimeInterval(seconds)))
        }
        guard let first = schedule.next(after: earliest), now >= first else { return .success(Recent(time: nil, missed: .none, earliest: earliest)) }
        guard let second = schedule.next(after: first), now >= second else {
            return .success(Recent(time: first, missed: .none, earliest: earliest))
        }
        let between = Int64(second.timeIntervalSince(first).rounded())
        guard between >= 1 else { return .failure(InvalidSchedule()) }
        let elapsed = Int64(now.timeIntervalSince(first).rounded(.towardZero))
        let missedCount = elapsed / between + 1
        // Start one interval before the estimate and let the schedule walk to the most recent time.
        var cursor = first.addingTimeInterval(TimeInterval((missedCount - 2) * between))
        var recent: Date?
        while let next = schedule.next(after: cursor), next <= now {
            recent = next
            cursor = next
        }
        let missed: Missed = missedCount > 100 ? .many : .few
        return .success(Recent(time: recent, missed: missed, earliest: earliest))
    }

    /// When to look again: 100 ms after the schedule's next time following the most recent one (or following
    /// now, when times were missed and none is recent).
    func nextRequeue(now: Date) -> Date? {
        var from: Date
        switch mostRecent(now: now, withDeadline: false) {
        case .failure: from = now
        case .success(let recent):
            from = recent.time ?? (recent.missed == .none ? recent.earliest : now)
        }
        return schedule.next(after: from).map { $0.addingTimeInterval(CronJobController.nextScheduleDelta) }
    }
}
