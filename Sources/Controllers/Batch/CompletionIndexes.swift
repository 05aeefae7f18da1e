import Foundation
import KubeAPI

/// Indexed Jobs' completion indexes (`indexed_job_utils.go`): the index a pod carries in its
/// `batch.kubernetes.io/job-completion-index` annotation (and label), and sets of indexes written as
/// `status.completedIndexes`: ascending, runs of three or more as `first-last`, e.g. `1,3-5,7`.
enum CompletionIndex {
    static let annotation = "batch.kubernetes.io/job-completion-index"
    /// The environment variable the controller adds to every container of an Indexed Job's pods.
    static let environmentVariable = "JOB_COMPLETION_INDEX"

    /// The pod's index: a non-negative integer annotation, or nil (`unknownCompletionIndex`).
    static func of(_ pod: KubeObject) -> Int? {
        guard let text = pod.annotations[annotation], let index = Int(text), index >= 0 else { return nil }
        return index
    }

    /// The index if it is below `completions`.
    static func valid(_ pod: KubeObject, completions: Int) -> Int? {
        of(pod).flatMap { $0 < completions ? $0 : nil }
    }

    /// `completedIndexes` text for a set of indexes.
    static func format(_ indexes: Set<Int>) -> String {
        let sorted = indexes.sorted()
        var parts: [String] = []
        var start = 0
        while start < sorted.count {
            var end = start
            while end + 1 < sorted.count && sorted[end + 1] == sorted[end] + 1 { end += 1 }
            if end == start {
                parts.append(String(sorted[start]))
            } else if end == start + 1 {
                parts.append(String(sorted[start]))
                parts.append(String(sorted[end]))
            } else {
                parts.append("\(sorted[start])-\(sorted[end])")
            }
            start = end + 1
        }
        return parts.joined(separator: ",")
    }

    /// The indexes below `completions` that `completedIndexes` text names; malformed parts are skipped.
    static func parse(_ text: String, completions: Int) -> Set<Int> {
        var indexes = Set<Int>()
        for part in text.split(separator: ",") {
            let bounds = part.split(separator: "-", maxSplits: 1).map { Int($0) }
            guard let first = bounds.first ?? nil, first >= 0 else { continue }
            let last = bounds.count == 2 ? (bounds[1] ?? -1) : first
            let upper = min(last, completions - 1)
            guard upper >= first else { continue }
            for index in first...upper { indexes.insert(index) }
        }
        return indexes
    }

    /// The lowest `count` indexes below `completions` that are neither succeeded nor held by an active pod
    /// (`firstPendingIndexes`).
    static func firstPending(count: Int, completions: Int, succeeded: Set<Int>, active: [KubeObject]) -> [Int] {
        let taken = succeeded.union(active.compactMap(of))
        var pending: [Int] = []
        var index = 0
        while pending.count < count && index < completions {
            if !taken.contains(index) { pending.append(index) }
            index += 1
        }
        return pending
    }

    /// `podGenerateNameWithIndex`: `<job>-<index>-`, the job name cut so the prefix fits 58 characters.
    static func generateName(job: String, index: Int) -> String {
        let suffix = "-\(index)-"
        let prefix = job + suffix
        guard prefix.count > 58 else { return prefix }
        return String(job.prefix(58 - suffix.count)) + suffix
    }

    /// The pods to delete so that each index below `completions` keeps one active pod: pods without a valid
    /// index, and all but the last (in `PodRanking` order) of each index (`appendDuplicatedIndexPodsForRemoval`).
    static func duplicates(_ active: [KubeObject], completions: Int, ranking: PodRanking) -> (remove: [KubeObject], keep: [KubeObject]) {
        var remove: [KubeObject] = []
        var keep: [KubeObject] = []
        var byIndex: [Int: [KubeObject]] = [:]
        for pod in active {
            if let index = valid(pod, completions: completions) { byIndex[index, default: []].append(pod) } else { remove.append(pod) }
        }
        for index in byIndex.keys.sorted() {
            let pods = ranking.ordered(byIndex[index] ?? [], related: [])
            remove += pods.dropLast()
            keep += pods.suffix(1)
        }
        return (remove, keep)
    }
}
