/// What etcd's Maintenance service does to a member's backend beyond the key-value API: defragmentation and
/// alarms. `SQLiteStore` is one; a store without it answers Defragment as unsupported and lists no alarms.
public protocol StoreMaintenance: Sendable {
    /// Rewrites the backend without its free pages, so the file shrinks to the data it holds (etcd's
    /// `Defrag`). Writes wait meanwhile; none is lost.
    func defragment() async throws

    /// The raised alarms, by member and type.
    func alarms() async throws -> [AlarmMember]

    /// Raises `alarm` (raising NOSPACE refuses growing writes from then on); returns it.
    func activate(_ alarm: AlarmMember) async throws -> AlarmMember

    /// Clears `alarm`; nil when it was not raised.
    func deactivate(_ alarm: AlarmMember) async throws -> AlarmMember?
}
