import EtcdCore
import EtcdProto
import SwiftProtobuf

/// An entry of etcd's `alarm` bucket (`etcdserver/api/v3alarm`): the `etcdserverpb.AlarmMember` as the key,
/// no value.
enum AlarmMessage {
    static func entry(_ alarm: AlarmMember) -> BoltBucket.Entry {
        var message = Etcdserverpb_AlarmMember()
        message.memberID = alarm.memberID
        message.alarm = alarm.alarm == .noSpace ? .nospace : .corrupt
        // A message of integers always encodes.
        return BoltBucket.Entry(key: (try? message.serializedBytes()) ?? [], value: [])
    }

    static func alarm(_ key: [UInt8]) throws(SnapshotError.Reason) -> AlarmMember {
        let message: Etcdserverpb_AlarmMember
        do {
            message = try Etcdserverpb_AlarmMember(serializedBytes: key)
        } catch {
            throw .corrupt("alarm bucket key \(SnapshotImporter.hex(key)) is not an etcdserverpb.AlarmMember")
        }
        switch message.alarm {
        case .nospace: return AlarmMember(memberID: message.memberID, alarm: .noSpace)
        case .corrupt: return AlarmMember(memberID: message.memberID, alarm: .corrupt)
        case .none, .UNRECOGNIZED: throw .corrupt("alarm bucket key \(SnapshotImporter.hex(key)) names no alarm")
        }
    }
}
