import Foundation

/// client-go's `EventCorrelator` (`tools/record/events_cache.go`), which every component's event recorder
/// runs before writing:
/// - **aggregation**: once 10 events differing only in message (same source, object, type and reason) come
///   within 10 minutes of each other, further ones become one event `(combined from similar events): <message>`;
/// - **counting**: an event seen before (or the aggregate) is a patch of its count, message and lastTimestamp;
/// - **spam filtering**: a source may write 25 events about one object at once, then one per 5 minutes (a
///   token bucket per source and object); the rest are dropped, though they still count.
struct EventCorrelator {
    /// What an event comes down to.
    enum Decision: Equatable {
        /// Dropped by the spam filter.
        case skip
        /// A new event: its name, message and count (more than 1 when one dropped before it counted).
        case create(name: String, message: String, count: Int64, firstTimestamp: Date)
        /// A patch of an earlier event.
        case patch(name: String, message: String, count: Int64, firstTimestamp: Date)
    }

    /// The fields the correlator keys events by.
    struct Facts {
        var component: String
        var host: String
        var kind: String
        var namespace: String
        var name: String
        var uid: String
        var apiVersion: String
        var fieldPath: String
        var type: String
        var reason: String
        var message: String
    }

    static let aggregateMaxEvents = 10
    static let aggregateInterval: TimeInterval = 600
    static let spamBurst = 25.0
    static let spamRate = 1.0 / 300
    static let cacheEntries = 4096

    private struct Aggregate {
        var messages: Set<String>
        var last: Date
    }

    private struct Observation {
        var count: Int64
        var firstTimestamp: Date
        var name: String
    }

    private struct Bucket {
        var tokens: Double
        var last: Date
    }

    private var aggregates = LeastRecentlyUsed<Aggregate>(capacity: cacheEntries)
    private var observations = LeastRecentlyUsed<Observation>(capacity: cacheEntries)
    private var buckets = LeastRecentlyUsed<Bucket>(capacity: cacheEntries)

    /// Decides what to write for `event` at `now`; `newName` names a new event.
    mutating func correlate(_ event: Facts, now: Date, newName: () -> String) -> Decision {
        let object = [event.component, event.host, event.kind, event.namespace, event.name, event.uid, event.apiVersion]
        // EventAggregatorByReasonFunc; the reporting controller and instance are the component and host here.
        let aggregateKey = (object + [event.type, event.reason, event.component, event.host]).joined()
        var aggregate = aggregates.get(aggregateKey) ?? Aggregate(messages: [], last: .distantPast)
        if now.timeIntervalSince(aggregate.last) > Self.aggregateInterval { aggregate = Aggregate(messages: [], last: now) }
        aggregate.messages.insert(event.message)
        aggregate.last = now
        var key = [event.component, event.host, event.kind, event.namespace, event.name, event.fieldPath, event.uid,
                   event.apiVersion, event.type, event.reason, event.message].joined()
        var message = event.message
        if aggregate.messages.count >= Self.aggregateMaxEvents {
            // Keep the set below the threshold, so every further message aggregates too.
            if let any = aggregate.messages.sorted().first { aggregate.messages.remove(any) }
            key = aggregateKey
            message = "(combined from similar events): " + event.message
        }
        aggregates.set(aggregateKey, aggregate)

        let decision: Decision
        if let seen = observations.get(key) {
            decision = .patch(name: seen.name, message: message, count: seen.count + 1, firstTimestamp: seen.firstTimestamp)
            observations.set(key, Observation(count: seen.count + 1, firstTimestamp: seen.firstTimestamp, name: seen.name))
        } else {
            let name = newName()
            decision = .create(name: name, message: message, count: 1, firstTimestamp: now)
            observations.set(key, Observation(count: 1, firstTimestamp: now, name: name))
        }

        let spamKey = object.joined()
        var bucket = buckets.get(spamKey) ?? Bucket(tokens: Self.spamBurst, last: now)
        bucket.tokens = min(Self.spamBurst, bucket.tokens + max(0, now.timeIntervalSince(bucket.last)) * Self.spamRate)
        bucket.last = now
        let allowed = bucket.tokens >= 1
        if allowed { bucket.tokens -= 1 }
        buckets.set(spamKey, bucket)
        return allowed ? decision : .skip
    }
}
