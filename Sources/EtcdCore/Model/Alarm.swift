/// The alarms an etcd member raises (`etcdserverpb.AlarmType`, less `NONE`).
public enum AlarmType: String, Sendable, Hashable, CaseIterable {
    /// The backend outgrew its space quota: writes that grow the store are refused until it is disarmed.
    case noSpace = "NOSPACE"
    /// The member's data disagreed with its peers'.
    case corrupt = "CORRUPT"
}

/// A raised alarm: the member that raised it and what it is (etcd's `AlarmMember`).
public struct AlarmMember: Sendable, Hashable, Comparable {
    public var memberID: UInt64
    public var alarm: AlarmType

    public init(memberID: UInt64, alarm: AlarmType) {
        self.memberID = memberID
        self.alarm = alarm
    }

    /// The alarm as etcd prints it, in `alarm list` and in `endpoint status`'s errors: the protobuf's compact
    /// text form, with its trailing space (`memberID:10276657743932975437 alarm:NOSPACE `).
    public var text: String { "memberID:\(memberID) alarm:\(alarm.rawValue) " }

    public static func < (lhs: AlarmMember, rhs: AlarmMember) -> Bool {
        (lhs.memberID, lhs.alarm.rawValue) < (rhs.memberID, rhs.alarm.rawValue)
    }
}
