import Foundation

/// Alarms and the space quota on the writer's side. An alarm is a `meta` row named
/// `alarm/<TYPE>/<member id>` (etcd keeps them in its `alarm` bucket), so alarms survive restarts and every
/// process on the data file sees them.
extension WriteSession {
    /// Whether a write costing `cost` may go ahead: not while NOSPACE is raised (etcd's capped applier), nor
    /// when it would grow the backend past `quota`, which raises NOSPACE for `memberID` (etcd's
    /// `quotaAlarmer.check`). Writes that cost nothing always go ahead.
    func admits(cost: Int, quota: SpaceQuota, memberID: UInt64) throws -> Bool {
        guard cost > 0 else { return true }
        if try noSpaceRaised() { return false }
        if quota.admits(cost: cost, backendSize: try backendSize()) { return true }
        _ = try raise(AlarmMember(memberID: memberID, alarm: .noSpace))
        return false
    }

    /// Raises `alarm`; raising one already raised changes nothing. Returns the alarm, as etcd's alarm store does.
    func raise(_ alarm: AlarmMember) throws -> AlarmMember {
        try connection.statement("INSERT OR IGNORE INTO meta(name, value) VALUES (?, 1)").bind(Self.name(alarm)).run()
        noSpaceRaisedCache = nil
        return alarm
    }

    /// Clears `alarm`; nil when it was not raised.
    func clear(_ alarm: AlarmMember) throws -> AlarmMember? {
        let raised = try reader.alarms().contains(alarm)
        guard raised else { return nil }
        try connection.statement("DELETE FROM meta WHERE name = ?").bind(Self.name(alarm)).run()
        noSpaceRaisedCache = nil
        return alarm
    }

    private func noSpaceRaised() throws -> Bool {
        if let cached = noSpaceRaisedCache { return cached }
        let raised = try reader.alarms().contains { $0.alarm == .noSpace }
        noSpaceRaisedCache = raised
        return raised
    }

    private func backendSize() throws -> Int64 {
        if let cached = backendSizeCache { return cached }
        let size = try reader.backendSize()
        backendSizeCache = size
        return size
    }

    static func name(_ alarm: AlarmMember) -> String { "\(KeyValueReader.alarmPrefix)\(alarm.alarm.rawValue)/\(alarm.memberID)" }
}

extension KeyValueReader {
    static let alarmPrefix = "alarm/"

    /// The raised alarms, by member and type.
    func alarms() throws -> [AlarmMember] {
        // `alarm0` is the first name after every `alarm/...` one.
        let statement = try connection.statement("SELECT name FROM meta WHERE name >= ? AND name < 'alarm0'")
        defer { statement.reset() }
        statement.bind(Self.alarmPrefix)
        var alarms: [AlarmMember] = []
        while try statement.step() {
            let parts = (statement.text(0) ?? "").split(separator: "/")
            guard parts.count == 3, let type = AlarmType(rawValue: String(parts[1])), let id = UInt64(parts[2]) else {
                continue
            }
            alarms.append(AlarmMember(memberID: id, alarm: type))
        }
        return alarms.sorted()
    }

    /// The file's size in bytes, free pages included (what etcd's quota and `dbSize` count).
    func backendSize() throws -> Int64 {
        try max(connection.scalar("PRAGMA page_count"), 1) * connection.scalar("PRAGMA page_size")
    }
}
