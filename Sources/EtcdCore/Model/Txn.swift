import Foundation

/// One condition of a transaction (etcd's `Compare`).
///
/// Over a key range every key must satisfy it. A missing key compares as an all-zero key-value, so
/// `modRevision == 0` means "absent"; a value compare on a missing key is false.
public struct Compare: Sendable, Hashable {
    /// What is compared, with the operand.
    public enum Target: Sendable, Hashable {
        case version(Int64)
        case createRevision(Revision)
        case modRevision(Revision)
        case value(Data)
        case lease(Int64)
    }

    /// How the key's field relates to the operand.
    public enum Result: Sendable, Hashable {
        case equal, greater, less, notEqual
    }

    public var key: Data
    /// As in `RangeRequest.rangeEnd`; empty for one key.
    public var rangeEnd: Data
    public var target: Target
    public var result: Result

    public init(key: Data, rangeEnd: Data = Data(), target: Target, result: Result) {
        self.key = key
        self.rangeEnd = rangeEnd
        self.target = target
        self.result = result
    }
}

/// One operation of a transaction branch (etcd's `RequestOp`).
public indirect enum RequestOp: Sendable, Hashable {
    case range(RangeRequest)
    case put(PutRequest)
    case deleteRange(DeleteRangeRequest)
    case txn(TxnRequest)
}

/// The result of one operation (etcd's `ResponseOp`).
public indirect enum ResponseOp: Sendable, Hashable {
    case range(RangeResponse)
    case put(PutResponse)
    case deleteRange(DeleteRangeResponse)
    case txn(TxnResponse)
}

/// An atomic if/then/else over the store (etcd's `TxnRequest`): all of it happens at one revision.
public struct TxnRequest: Sendable, Hashable {
    public var compare: [Compare]
    public var success: [RequestOp]
    public var failure: [RequestOp]

    public init(compare: [Compare] = [], success: [RequestOp] = [], failure: [RequestOp] = []) {
        self.compare = compare
        self.success = success
        self.failure = failure
    }
}

/// The answer to a transaction (etcd's `TxnResponse`).
public struct TxnResponse: Sendable, Hashable {
    public var header: ResponseHeader
    /// Whether every compare held, so the success branch ran.
    public var succeeded: Bool
    public var responses: [ResponseOp]

    public init(header: ResponseHeader, succeeded: Bool, responses: [ResponseOp]) {
        self.header = header
        self.succeeded = succeeded
        self.responses = responses
    }
}
