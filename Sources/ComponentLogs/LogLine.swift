import Foundation

/// One line of a component's or a container's log: when it was written and its text, without the newline.
public struct LogLine: Sendable, Equatable {
    public var time: Date
    public var text: String

    public init(time: Date, text: String) {
        self.time = time
        self.text = text
    }
}
